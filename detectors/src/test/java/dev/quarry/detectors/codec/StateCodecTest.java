package dev.quarry.detectors.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private static final String[] TEXTS = {"", "plain ascii", "caf\u00e9 \u00fc\u00df", "nul\u0000inside",
        "\u4e2d\u6587 and \ud83d\ude00 emoji", "<script>alert(1)</script>"};

    /** Writes one of everything, in the order {@link #readAll} reads it back. */
    private static void writeAll(DataOutput out, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        out.writeBoolean(true);
        out.writeByte(-7);
        out.writeShort(-12345);
        out.writeChar('\u20ac');
        out.writeInt(rnd.nextInt());
        out.writeLong(rnd.nextLong());
        out.writeFloat((float) rnd.nextDouble());
        out.writeDouble(Double.NaN);
        out.writeDouble(-0.0);
        for (String s : TEXTS) {
            out.writeUTF(s);
        }
        out.write(new byte[] {1, 2, 3});
    }

    @Test
    void writesTheSameBytesAsDataOutputStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream reference = new DataOutputStream(bytes);
        writeAll(reference, 11);
        reference.flush();
        StateOutput out = new StateOutput(1); // grows many times on the way
        writeAll(out, 11);
        assertArrayEquals(bytes.toByteArray(), out.toByteArray());
    }

    @Test
    void readsWhatDataOutputStreamWrote() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream reference = new DataOutputStream(bytes);
        writeAll(reference, 5);
        reference.flush();
        byte[] written = bytes.toByteArray();
        StateInput fast = new StateInput(written);
        DataInputStream slow = new DataInputStream(new ByteArrayInputStream(written));
        assertEquals(readAll(slow), readAll(fast));
        assertEquals(0, fast.remaining());
    }

    private static String readAll(DataInput in) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(in.readBoolean()).append(in.readByte()).append(in.readShort()).append(in.readChar())
                .append(in.readInt()).append(in.readLong()).append(in.readFloat()).append(in.readDouble())
                .append(in.readDouble());
        for (int i = 0; i < TEXTS.length; i++) {
            sb.append('|').append(in.readUTF());
        }
        byte[] tail = new byte[3];
        in.readFully(tail);
        return sb.append(tail[0]).append(tail[1]).append(tail[2]).toString();
    }

    @Test
    void truncatedInputFailsWithEofInsteadOfReadingPastTheEnd() {
        StateInput in = new StateInput(new byte[] {0, 0, 0, 1, 9, 9, 9, 9, 9}, 0, 6);
        assertThrows(EOFException.class, () -> {
            in.readInt();
            in.readInt();
        });
    }

    @Test
    void aStringTooLongForTwoLengthBytesIsRefusedBeforeAnythingIsWritten() {
        StateOutput out = new StateOutput(16);
        assertThrows(UTFDataFormatException.class, () -> out.writeUTF("\u00e9".repeat(40_000)));
        assertEquals(0, out.size());
    }

    @Test
    void writeIntAtPatchesALengthWrittenEarlier() {
        StateOutput out = new StateOutput(16);
        out.writeInt(0);
        out.writeLong(3);
        out.writeIntAt(0, out.size() - 4);
        assertArrayEquals(new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 3}, out.toByteArray());
        assertThrows(IndexOutOfBoundsException.class, () -> out.writeIntAt(10, 1));
    }
}
