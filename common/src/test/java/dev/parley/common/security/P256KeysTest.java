package dev.parley.common.security;

import org.junit.jupiter.api.Test;

import javax.crypto.KeyAgreement;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** P-256 keys as Web Push encodes them (SEC 1 uncompressed points, PKCS#8). */
class P256KeysTest {

    @Test
    void aPublicKeyRoundTripsThroughItsUncompressedPoint() throws Exception {
        KeyPair pair = P256Keys.generate();
        byte[] point = P256Keys.encodePoint((ECPublicKey) pair.getPublic());
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        ECPublicKey decoded = P256Keys.decodePoint(point);
        assertThat(decoded.getW()).isEqualTo(((ECPublicKey) pair.getPublic()).getW());

        ECPrivateKey privateKey = P256Keys.decodePrivate(pair.getPrivate().getEncoded());
        KeyPair other = P256Keys.generate();
        KeyAgreement mine = KeyAgreement.getInstance("ECDH");
        mine.init(privateKey);
        mine.doPhase(other.getPublic(), true);
        KeyAgreement theirs = KeyAgreement.getInstance("ECDH");
        theirs.init(other.getPrivate());
        theirs.doPhase(decoded, true);
        assertThat(mine.generateSecret()).isEqualTo(theirs.generateSecret());
    }

    @Test
    void pointsOffTheCurveOrOfTheWrongShapeAreRefused() {
        byte[] point = P256Keys.encodePoint((ECPublicKey) P256Keys.generate().getPublic());
        point[64] ^= 1;
        assertThatThrownBy(() -> P256Keys.decodePoint(point)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Keys.decodePoint(new byte[65])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Keys.decodePoint(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void base64UrlIsReadWithOrWithoutPadding() {
        assertThat(P256Keys.fromBase64Url("AQI")).containsExactly(1, 2);
        assertThat(P256Keys.fromBase64Url("AQI=")).containsExactly(1, 2);
        assertThat(P256Keys.base64Url(new byte[] {1, 2})).isEqualTo("AQI");
    }
}
