package dev.quarry.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.dashboard.QuarryApplication;
import dev.quarry.dashboard.QuarryConfiguration;
import dev.quarry.dashboard.runtime.QuarryServerCommand;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reference.dir} and {@code --reference-dir}: how the benchmark index is configured. */
class ReferenceSettingsTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyDirectoryMeansNoIndex() throws IOException {
        assertSame(ReferenceLookup.none(), new QuarryConfiguration().reference().open(dir.toString()));
    }

    @Test
    void aMissingDirectoryIsAnError() {
        QuarryConfiguration config = new QuarryConfiguration();
        config.reference().dir(dir.resolve("missing").toString());
        assertThrows(IOException.class, () -> config.reference().open(dir.toString()));
    }

    @Test
    void indexesTheConfiguredDirectory() throws IOException {
        Files.writeString(dir.resolve("bench.jsonl"), "{\"question\": \"How many legs do three spiders and two ants have?\"}\n");
        QuarryConfiguration config = new QuarryConfiguration();
        config.reference().dir(dir.toString());
        ReferenceLookup lookup = config.reference().open(dir.resolve("state").toString());
        assertEquals(1, lookup.size());
        assertEquals("bench", lookup.find("Solve: How many legs do three spiders and two ants have?")
                .orElseThrow().source());
    }

    @Test
    void cachesTheIndexUnderTheStateDirUnlessACacheDirIsGiven() throws IOException {
        Path sets = Files.createDirectories(dir.resolve("sets"));
        Files.writeString(sets.resolve("bench.jsonl"), "{\"question\": \"How many legs do three spiders and two ants have?\"}\n");
        QuarryConfiguration config = new QuarryConfiguration();
        config.reference().dir(sets.toString());
        config.reference().open(dir.resolve("state").toString());
        assertEquals(1, filesIn(dir.resolve("state").resolve("reference-cache")));

        config.reference().cacheDir(dir.resolve("elsewhere").toString());
        assertEquals(1, config.reference().open(dir.resolve("state").toString()).size());
        assertEquals(1, filesIn(dir.resolve("elsewhere")));
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "quarry-reference-cache"),
                new QuarryConfiguration().reference().cachePath(""));
    }

    @Test
    void writesNoCacheWhenItIsOff() throws IOException {
        Path sets = Files.createDirectories(dir.resolve("sets"));
        Files.writeString(sets.resolve("bench.jsonl"), "{\"question\": \"How many legs do three spiders and two ants have?\"}\n");
        QuarryConfiguration config = new QuarryConfiguration();
        config.reference().dir(sets.toString()).cache(false);
        assertEquals(1, config.reference().open(dir.resolve("state").toString()).size());
        assertEquals(false, Files.exists(dir.resolve("state")));
    }

    private static long filesIn(Path d) throws IOException {
        try (var files = Files.list(d)) {
            return files.count();
        }
    }

    @Test
    void serverCommandReferenceDirOptionOverridesTheConfiguration() throws Exception {
        ArgumentParser parser = ArgumentParsers.newFor("quarry").build();
        Subparser server = parser.addSubparsers().addParser("server");
        new QuarryServerCommand(new QuarryApplication()).configure(server);
        Namespace ns = parser.parseArgs(new String[] {"server", "--reference-dir", dir.toString(), "config.yml"});
        QuarryConfiguration config = new QuarryConfiguration();
        QuarryServerCommand.applyReferenceDir(ns, config);
        assertEquals(dir.toString(), config.reference().dir());
    }
}
