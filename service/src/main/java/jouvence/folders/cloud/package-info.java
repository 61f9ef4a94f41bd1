/**
 * The ownCloud 10 / Nextcloud client of the collaborative folders (issue 13; doc
 * {@code ../shared/owncloud/collaborative-folders.md} §4 and §6). {@link jouvence.folders.cloud.CloudClient} is the
 * entry point: {@link jouvence.folders.cloud.Dav} (PROPFIND / MKCOL / MOVE), {@link jouvence.folders.cloud.Shares}
 * (OCS user shares, v1 or v2), {@link jouvence.folders.cloud.Sharees} (who has an e-mail) and
 * {@link jouvence.folders.cloud.CloudOAuth} (the participants' authorisation). Every call goes through
 * {@link jouvence.folders.cloud.CloudTransport} (camel-http's component and HttpClient) and
 * {@code CloudCalls} (credentials, the answers every operation reads alike); every failure is a
 * {@link jouvence.folders.cloud.CloudFault} whose kind says what to do: retry later, the cloud down for us, or one item
 * in error with the cloud's own words. No credential is ever put in a URL, a message or a log line.
 */
package jouvence.folders.cloud;
