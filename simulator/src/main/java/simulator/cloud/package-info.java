/**
 * A simulated ownCloud 10 / Nextcloud for the collaborative folders (issue 13): {@link simulator.cloud.CloudSimulator}
 * is the only public entry point. The answers follow {@code ../shared/owncloud/collaborative-folders.md} §4 and, where
 * it is silent, the servers' sources (each such place says which); {@code RealWebDavTest} checks the WebDAV status
 * codes against Debian's apache2 mod_dav and lists where SabreDAV is documented to differ.
 *
 * <p>What a client of the simulator can rely on:
 * <ul>
 * <li>WebDAV: {@code MKCOL} 201 / 405 exists / 409 parent missing / 403 ({@code .htaccess}, no create permission) /
 * 400 invalid name / 415 body / 423 locked / 507 (Nextcloud quota, checked before existence); {@code MOVE} 201 / 204 /
 * 412 ({@code Overwrite: F}) / 409 / 404 / 403 identical / 423; {@code PROPFIND} 207 with Depth 0, 1 and infinity (a
 * missing Depth is 1), 404 when missing. File ids survive MOVEs; a share's mount point has the owner's file id.</li>
 * <li>OCS: v1 answers HTTP 200 with {@code meta.statuscode} (100 ok) except 401 (997); v2 mirrors the status (200
 * ok). {@code OCS-APIRequest: true} is required with Basic auth (Nextcloud 412 "CSRF check failed", ownCloud 401).
 * Listing with {@code subfiles=true} returns the shares of the folder's <em>direct children</em> only, not of the
 * folder itself nor deeper (as both servers' {@code getDirectoryListing}).</li>
 * <li>A share's create answer has the <em>intended</em> {@code file_target}; the mount may really be
 * {@code "X (2)"} (listings then say so) or wait to be accepted ({@link
 * simulator.cloud.CloudSimulator#autoAcceptShares}).</li>
 * </ul>
 *
 * <p>Not simulated: group, link, e-mail and federated shares (400 "Unknown share type"; group: 404); resharing and
 * share updates ({@code PUT}); moves between storages (403 here; the servers copy and delete, changing file ids);
 * file contents (GET/PUT); Nextcloud's per-user share folder; brute-force throttling.
 */
package simulator.cloud;
