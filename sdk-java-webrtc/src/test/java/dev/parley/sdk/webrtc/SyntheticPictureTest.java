package dev.parley.sdk.webrtc;

import java.nio.ByteBuffer;

import dev.parley.sdk.media.VideoFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticPictureTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    @Test
    void camerasAreLitAndToldApartByMeanLuma() {
        double camera1 = paint(SyntheticPicture.CAMERA_1, 0).meanLuma();
        double camera2 = paint(SyntheticPicture.CAMERA_2, 0).meanLuma();
        double screen = paint(SyntheticPicture.SCREEN, 0).meanLuma();

        assertThat(camera1).isBetween(95.0, 125.0);
        assertThat(camera2).isBetween(170.0, 200.0);
        assertThat(screen).isGreaterThan(camera2 - 10);
        assertThat(camera2 - camera1).isGreaterThan(50);
    }

    @Test
    void chromaCarriesTheCameraColour() {
        VideoFrame frame = paint(SyntheticPicture.CAMERA_2, 0);
        assertThat(frame.dataU().get(0) & 0xff).isEqualTo(80);
        assertThat(frame.dataV().get(frame.strideV() * (HEIGHT / 2 - 1) + WIDTH / 2 - 1) & 0xff).isEqualTo(180);
    }

    @Test
    void consecutiveFramesDiffer() {
        VideoFrame first = paint(SyntheticPicture.CAMERA_1, 7);
        VideoFrame second = paint(SyntheticPicture.CAMERA_1, 8);
        assertThat(first.dataY()).isNotEqualTo(second.dataY());
    }

    @Test
    void counterBlocksSpellTheFrameNumber() {
        int block = WIDTH / 40;
        int row = block / 2 + block / 2;
        long frame = 0b1010_0000_0000_0001L;
        VideoFrame painted = paint(SyntheticPicture.CAMERA_1, frame);
        for (int bit = 0; bit < SyntheticPicture.COUNTER_BITS; bit++) {
            int centre = block / 2 + bit * block + block / 2;
            boolean on = (painted.dataY().get(row * painted.strideY() + centre) & 0xff) > 128;
            assertThat(on).as("bit %d", bit).isEqualTo(((frame >> (SyntheticPicture.COUNTER_BITS - 1 - bit)) & 1) == 1);
        }
    }

    @Test
    void blackIsBlack() {
        VideoFrame frame = paint(FramePainter.BLACK, 3);
        assertThat(frame.meanLuma()).isZero();
        assertThat(frame.dataU().get(0) & 0xff).isEqualTo(128);
    }

    @Test
    void oddSizesAndPaddedStridesStayInTheirPlanes() {
        int width = 161;
        int height = 91;
        int strideY = 176;
        int strideUv = 96;
        ByteBuffer y = ByteBuffer.allocate(strideY * height);
        ByteBuffer u = ByteBuffer.allocate(strideUv * ((height + 1) / 2));
        ByteBuffer v = ByteBuffer.allocate(strideUv * ((height + 1) / 2));
        SyntheticPicture.CAMERA_1.paint(1, width, height, y, strideY, u, strideUv, v, strideUv);
        assertThat(y.get(strideY - 1)).as("padding after the first row").isZero();
        assertThat(y.get(strideY * (height - 1) + width - 1)).isNotZero();
    }

    @Test
    void rejectsOutOfRangeLevels() {
        assertThatThrownBy(() -> new SyntheticPicture(256, 0, 0)).hasMessageContaining("baseLuma");
    }

    private static VideoFrame paint(FramePainter painter, long frame) {
        ByteBuffer y = ByteBuffer.allocate(WIDTH * HEIGHT);
        ByteBuffer u = ByteBuffer.allocate(WIDTH * HEIGHT / 4);
        ByteBuffer v = ByteBuffer.allocate(WIDTH * HEIGHT / 4);
        painter.paint(frame, WIDTH, HEIGHT, y, WIDTH, u, WIDTH / 2, v, WIDTH / 2);
        return new VideoFrame(WIDTH, HEIGHT, 0, 0, y, WIDTH, u, WIDTH / 2, v, WIDTH / 2);
    }
}
