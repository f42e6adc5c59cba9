package dev.parley.media.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send envelopes' pool: what Netty releases, on its loop or (rarely) elsewhere, is free again on the loop. */
class SendEnvelopesTest {

    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 9);

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final SendEnvelopes envelopes = new SendEnvelopes(loop, new UnpooledByteBufAllocator(true), 2, 64);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    @Test
    void anEnvelopeReleasedOnTheLoopIsReused() throws Exception {
        DatagramPacket first = onLoop(() -> envelopes.take(new byte[] {1, 2, 3}, 0, 3, TO));
        assertThat(first.content().readableBytes()).isEqualTo(3);
        assertThat(first.recipient()).isEqualTo(TO);
        onLoop(first::release);
        DatagramPacket again = onLoop(() -> envelopes.take(new byte[] {4}, 0, 1, TO));
        assertThat(again).isSameAs(first);
        assertThat(again.content().readableBytes()).isEqualTo(1);
        assertThat(onLoop(envelopes::created)).isEqualTo(1);
    }

    @Test
    void anEnvelopeReleasedOffTheLoopGoesBackToTheLoopsFreeList() throws Exception {
        DatagramPacket taken = onLoop(() -> envelopes.take(new byte[] {1, 2, 3}, 0, 3, TO));
        assertThat(taken.release()).isTrue(); // on the test's thread, not the loop
        assertThat(onLoop(envelopes::free)).as("back in the pool, handed over to the loop").isEqualTo(1);
        assertThat(onLoop(envelopes::created)).isEqualTo(1);
        assertThat(onLoop(() -> envelopes.take(new byte[] {9}, 0, 1, TO))).isSameAs(taken);

        // With both envelopes in flight the pool has none to give; one released off the loop serves again.
        DatagramPacket second = onLoop(() -> envelopes.take(new byte[] {9}, 0, 1, TO));
        assertThat(onLoop(() -> envelopes.take(new byte[] {9}, 0, 1, TO))).isNull();
        second.release();
        assertThat(onLoop(() -> envelopes.take(new byte[] {9}, 0, 1, TO))).isSameAs(second);
    }

    @Test
    void afterCloseAReleasedEnvelopeIsFreedNotKept() throws Exception {
        DatagramPacket taken = onLoop(() -> envelopes.take(new byte[] {1}, 0, 1, TO));
        onLoop(() -> {
            envelopes.close();
            return null;
        });
        taken.release();
        assertThat(onLoop(envelopes::created)).isZero();
        assertThat(onLoop(envelopes::free)).isZero();
        assertThat(onLoop(() -> envelopes.take(new byte[] {1}, 0, 1, TO))).as("closed: none given").isNull();
    }
}
