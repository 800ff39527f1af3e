package dev.quarry.detectors.codec;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable {@link DataOutput} into a byte array, for encoding state: the same big-endian format
 * as {@link java.io.DataOutputStream}, written straight into the array. {@link #reset()} reuses the array, so one instance per stream thread serves
 * every profile. Not thread-safe.
 */
public final class StateOutput implements DataOutput {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int size;

    public StateOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written; keeps the array. */
    public void reset() {
        size = 0;
    }

    /** Bytes written since the last reset. */
    public int size() {
        return size;
    }

    /** A copy of the bytes written since the last reset. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Overwrites four bytes already written at {@code at} with {@code v}, as {@code writeInt}. */
    public void writeIntAt(int at, int v) {
        if (at < 0 || at + 4 > size) {
            throw new IndexOutOfBoundsException("int at " + at + " of " + size + " bytes written");
        }
        INT.set(buf, at, v);
    }

    private int reserve(int n) {
        if (buf.length - size < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
        int at = size;
        size += n;
        return at;
    }

    @Override
    public void write(int b) {
        int at = reserve(1); // before reading buf: reserve may replace it
        buf[at] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int at = reserve(len);
        System.arraycopy(b, off, buf, at, len);
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        int at = reserve(2);
        SHORT.set(buf, at, (short) v);
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        int at = reserve(4);
        INT.set(buf, at, v);
    }

    @Override
    public void writeLong(long v) {
        int at = reserve(8);
        LONG.set(buf, at, v);
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    /** Low bytes of each char, as {@link java.io.DataOutputStream#writeBytes}. */
    @Override
    public void writeBytes(String s) {
        int at = reserve(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[at + i] = (byte) s.charAt(i);
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /** Modified UTF-8 with a two-byte length, as {@link java.io.DataOutputStream#writeUTF}. */
    @Override
    public void writeUTF(String s) throws UTFDataFormatException {
        int n = s.length();
        if (n <= 0xFFFF) {
            // One pass for the usual all-ASCII string; rolled back at the first other character.
            int start = size;
            int at = reserve(2 + n);
            int i = 0;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c == 0 || c > 0x7F) {
                    break;
                }
                buf[at + 2 + i] = (byte) c;
            }
            if (i == n) {
                SHORT.set(buf, at, (short) n);
                return;
            }
            size = start;
        }
        long encoded = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            encoded += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        if (encoded > 0xFFFF) {
            throw new UTFDataFormatException("encoded string too long: " + encoded + " bytes");
        }
        writeShort((int) encoded);
        int at = reserve((int) encoded);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 1 && c <= 0x7F) {
                buf[at++] = (byte) c;
            } else if (c <= 0x7FF) {
                buf[at++] = (byte) (0xC0 | (c >> 6 & 0x1F));
                buf[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buf[at++] = (byte) (0xE0 | (c >> 12 & 0x0F));
                buf[at++] = (byte) (0x80 | (c >> 6 & 0x3F));
                buf[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

}
