package dev.parley.sdk.webrtc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.parley.sdk.media.MediaException;

/** Adapters from webrtc-java's callbacks to futures, and the engine's way of completing them. */
final class Futures {

    private Futures() {
    }

    static <T> CompletableFuture<T> failed(String message) {
        return CompletableFuture.failedFuture(new MediaException(message));
    }

    /** Completed by a create-offer/answer callback; {@code what} names the call in the failure. */
    static CreateObserver created(String what) {
        return new CreateObserver(what);
    }

    /** Completed by a set-description callback. */
    static SetObserver set(String what) {
        return new SetObserver(what);
    }

    /**
     * {@code source}'s outcome, delivered on {@code executor} as a value or a {@link MediaException}
     * naming {@code what} (never a {@link CompletionException} around one), so that the SDK's
     * callbacks never run on a native thread. {@code source} fails if it takes longer than
     * {@code timeoutSeconds}: a native callback that never comes must not hang the caller.
     */
    static <T> CompletableFuture<T> deliver(String what, CompletableFuture<T> source, long timeoutSeconds,
                                            Executor executor) {
        CompletableFuture<T> result = new CompletableFuture<>();
        source.orTimeout(timeoutSeconds, TimeUnit.SECONDS).whenComplete((value, error) -> {
            try {
                executor.execute(() -> {
                    if (error == null) result.complete(value);
                    else result.completeExceptionally(asMediaException(what, error, timeoutSeconds));
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new MediaException(what + ": engine is closed or overloaded", e));
            }
        });
        return result;
    }

    private static MediaException asMediaException(String what, Throwable error, long timeoutSeconds) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MediaException media) return media;
        if (cause instanceof TimeoutException) return new MediaException(what + ": no answer from WebRTC within " + timeoutSeconds + " s");
        return new MediaException(what + " failed: " + cause.getMessage(), cause);
    }

    static final class CreateObserver extends CompletableFuture<RTCSessionDescription>
            implements CreateSessionDescriptionObserver {

        private final String what;

        private CreateObserver(String what) {
            this.what = what;
        }

        @Override
        public void onSuccess(RTCSessionDescription description) {
            complete(description);
        }

        @Override
        public void onFailure(String error) {
            completeExceptionally(new MediaException(what + " failed: " + error));
        }
    }

    static final class SetObserver extends CompletableFuture<Void> implements SetSessionDescriptionObserver {

        private final String what;

        private SetObserver(String what) {
            this.what = what;
        }

        @Override
        public void onSuccess() {
            complete(null);
        }

        @Override
        public void onFailure(String error) {
            completeExceptionally(new MediaException(what + " failed: " + error));
        }
    }
}
