package dev.quarry.dashboard.collector;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one protobuf message the collector writes, {@code ExportTraceServiceResponse} with its
 * {@code partial_success} ({@code rejected_spans} = 1, {@code error_message} = 2), encoded by hand:
 * two fields do not justify generated classes on the response path. Wire format: each field is a
 * varint key ({@code number << 3 | wire type}), then a varint or a length-delimited value.
 */
final class OtlpResponses {
    private OtlpResponses() {}

    static byte[] partialSuccess(long rejectedSpans, String errorMessage) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        varint(inner, 1 << 3);
        varint(inner, rejectedSpans);
        byte[] text = errorMessage.getBytes(StandardCharsets.UTF_8);
        varint(inner, 2 << 3 | 2);
        varint(inner, text.length);
        inner.writeBytes(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, 1 << 3 | 2);
        varint(out, inner.size());
        out.writeBytes(inner.toByteArray());
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
