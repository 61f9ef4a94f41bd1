package simulator.cloud;

/**
 * What differs between ownCloud 10 and Nextcloud in the answers the simulator gives: realm, messages and the shape of a
 * few payloads. Every string here was read from the servers' sources (owncloud/core {@code Share20OcsController},
 * {@code Share20\Manager}; nextcloud/server {@code ShareAPIController}, {@code Share20\Manager}, the security
 * middleware) or from their issue trackers, as cited; the shared doc's §4 is the contract for everything else.
 */
public enum Flavour {

    OWNCLOUD_10("ownCloud",
            "Unauthorised",
            "Wrong path, file/folder doesn't exist",
            "Please specify a valid user",
            "Wrong share ID, share doesn't exist",
            "Only sharing with group members is allowed"),

    NEXTCLOUD("Nextcloud",
            "Current user is not logged in",
            "Wrong path, file/folder does not exist",
            "Please specify a valid account to share with",
            "Wrong share ID, share does not exist",
            "Sharing is only allowed with group members");

    /** Realm of the WWW-Authenticate challenges. */
    final String realm;
    /** OCS meta.message of a refused login (statuscode 997, HTTP 401 on v1 and v2). */
    final String ocsUnauthorised;
    final String wrongPath;
    final String invalidUser;
    final String wrongShareId;
    /** The message of the policy refusal a test injects by default ({@code shareapi_only_share_with_group_members}). */
    final String groupMembersOnly;

    Flavour(String realm, String ocsUnauthorised, String wrongPath, String invalidUser, String wrongShareId,
            String groupMembersOnly) {
        this.realm = realm;
        this.ocsUnauthorised = ocsUnauthorised;
        this.wrongPath = wrongPath;
        this.invalidUser = invalidUser;
        this.wrongShareId = wrongShareId;
        this.groupMembersOnly = groupMembersOnly;
    }

    boolean nextcloud() {
        return this == NEXTCLOUD;
    }

    /**
     * The 403 of a second share of the same path with the same user: ownCloud 10's {@code Manager::userCreateChecks}
     * ("Path already shared with this user", the doc's §4.2); Nextcloud's {@code AlreadySharedException} (node name and
     * the recipient's display name).
     */
    String alreadyShared(String nodeName, String recipientDisplayName) {
        return nextcloud()
                ? "Sharing " + nodeName + " failed, because this item is already shared with the account "
                        + recipientDisplayName
                : "Path already shared with this user";
    }

    /**
     * Share API switched off ({@code shareapi_enabled=no}): ownCloud 10's controller answers 404 "Share API is
     * disabled" before anything else; Nextcloud's {@code Manager::canShare} throws "Sharing is disabled", which the
     * controller answers with 403 (Nextcloud 30+ words it "Failed to create share."; the status is the same).
     */
    int sharingDisabledStatus() {
        return nextcloud() ? 403 : 404;
    }

    String sharingDisabledMessage() {
        return nextcloud() ? "Sharing is disabled" : "Share API is disabled";
    }

    /** oc:permissions of a node the user owns (Nextcloud adds G, "readable", since 26). */
    String ownerPermissions() {
        return nextcloud() ? "RGDNVCK" : "RDNVCK";
    }
}
