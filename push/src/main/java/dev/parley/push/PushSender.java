package dev.parley.push;

import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushMessage;

import java.util.concurrent.CompletionStage;

/**
 * Sends one push through one provider. Called on a worker thread (it may block briefly, e.g. to resolve a name);
 * the answer completes later on any thread. Implementations are thread-safe and bound every wait.
 */
public interface PushSender extends AutoCloseable {

    /**
     * @param credentials the application's; the sender answers {@link SendResult.Outcome#RETRY} when its part is
     *                    missing (the operator may set it), which the dispatcher's attempt limit bounds
     * @param message     the event's message, decoded
     */
    CompletionStage<SendResult> send(PushDelivery delivery, PushCredentials credentials, PushMessage message);

    @Override
    default void close() {
    }
}
