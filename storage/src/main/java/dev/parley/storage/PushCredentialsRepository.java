package dev.parley.storage;

import dev.parley.storage.model.PushCredentials;

import java.time.Instant;
import java.util.Optional;

/**
 * Each application's push provider credentials (secrets: nothing serves them over an API). Implementations are
 * thread-safe; every method blocks on the database.
 */
public interface PushCredentialsRepository {

    /** The application's credentials; {@link PushCredentials#NONE} when none were set. */
    PushCredentials find(long applicationId);

    /** Sets (or, with null, removes) the APNs credentials. */
    void setApns(long applicationId, PushCredentials.Apns apns, Instant now);

    /** Sets (or, with null, removes) the FCM credentials. */
    void setFcm(long applicationId, PushCredentials.Fcm fcm, Instant now);

    /** Sets the VAPID key pair, replacing any (which makes every Web Push subscription of the application void). */
    void setVapid(long applicationId, PushCredentials.Vapid vapid, Instant now);

    /**
     * The application's VAPID key pair: the stored one, or {@code candidate} stored now when there is none. Two
     * callers racing get the same pair.
     */
    PushCredentials.Vapid ensureVapid(long applicationId, PushCredentials.Vapid candidate, Instant now);

    /** The application's call-push override: true or false, or empty to follow the server's setting. */
    Optional<Boolean> callPush(long applicationId);

    /** Sets (or, with null, removes) the application's call-push override. */
    void setCallPush(long applicationId, Boolean callPush, Instant now);
}
