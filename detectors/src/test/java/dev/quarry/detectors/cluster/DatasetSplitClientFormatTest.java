package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.detectors.codec.StateOutput;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** A client's items written before claims were counted are read as one claim per item. */
class DatasetSplitClientFormatTest {

    @Test
    void readsAFormatTwoRecordAsOneClaimPerItem() throws IOException {
        RoaringBitmap items = RoaringBitmap.bitmapOf(3, 4, 5, 90);
        StateOutput out = new StateOutput(64);
        out.writeByte(2);
        out.writeUTF("org_a");
        out.writeLong(1_000L);
        items.serialize(out);
        DatasetSplitProcessor.ClientItems c = DatasetSplitProcessor.ClientItems.decode(out.toByteArray());
        assertEquals("org_a", c.org);
        assertEquals(1_000L, c.lastTs);
        assertEquals(items, c.items);
        assertEquals(4L, c.claims);
    }

    @Test
    void keepsTheClaimCountAcrossEncodeAndDecode() {
        DatasetSplitProcessor.ClientItems c = new DatasetSplitProcessor.ClientItems();
        c.items.add(7);
        c.items.add(8);
        c.claims = 5;
        c.lastTs = 42L;
        DatasetSplitProcessor.ClientItems back = DatasetSplitProcessor.ClientItems.decode(c.encode());
        assertEquals(5L, back.claims);
        assertEquals(42L, back.lastTs);
        assertEquals(c.items, back.items);
    }
}
