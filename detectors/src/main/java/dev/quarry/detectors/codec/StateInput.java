package dev.quarry.detectors.codec;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A {@link DataInput} over a byte array, for decoding state. It reads the same big-endian format
 * as {@link DataInputStream}, but straight from the array: {@code DataInputStream} over a
 * {@code ByteArrayInputStream} pays a synchronised virtual call per byte, which made decoding
 * profiles the stream thread's largest single cost.
 * Not thread-safe.
 */
public final class StateInput implements DataInput {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int end;
    private int pos;

    public StateInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public StateInput(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    private int take(int n) throws EOFException {
        if (end - pos < n) {
            throw new EOFException("state ends " + (end - pos) + " bytes short of " + n);
        }
        int at = pos;
        pos += n;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        System.arraycopy(buf, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, end - pos));
        pos += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return buf[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return buf[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return buf[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        return (short) SHORT.get(buf, take(2));
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        return (int) INT.get(buf, take(4));
    }

    @Override
    public long readLong() throws IOException {
        return (long) LONG.get(buf, take(8));
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not supported: state never holds line-oriented text. */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine");
    }

    /** Modified UTF-8 as written by {@link java.io.DataOutput#writeUTF}; ASCII is decoded directly. */
    @Override
    public String readUTF() throws IOException {
        int len = readUnsignedShort();
        int at = take(len);
        for (int i = at; i < at + len; i++) {
            if (buf[i] < 0) {
                pos = at - 2;
                return DataInputStream.readUTF(this);
            }
        }
        return new String(buf, at, len, StandardCharsets.ISO_8859_1);
    }
}
