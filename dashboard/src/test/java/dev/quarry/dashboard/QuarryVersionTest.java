package dev.quarry.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code quarry version} and {@code quarry --version}: the project version of the build, and its commit. */
class QuarryVersionTest {

    @Test
    void namesTheProjectVersionOfTheParentPom() throws IOException {
        String line = QuarryVersion.current().line();

        assertTrue(line.startsWith("quarry " + pomVersion()), line);
        assertTrue(line.matches("quarry \\S+( \\(commit [\\w.-]+\\))?"), line);
    }

    @Test
    void printsOnlyTheVersionLineForTheVersionCommandAndFlags() throws Exception {
        String expected = QuarryVersion.current().line() + System.lineSeparator();

        assertEquals(expected, main("version"));
        assertEquals(expected, main("--version"));
        assertEquals(expected, main("-v"));
    }

    @Test
    void leavesOtherCommandLinesToTheApplication() {
        assertFalse(QuarryApplication.isVersionRequest(new String[] {"server", "--version"}));
        assertFalse(QuarryApplication.isVersionRequest(new String[] {"check", "version"}));
        assertFalse(QuarryApplication.isVersionRequest(new String[0]));
    }

    /** Standard output of {@code QuarryApplication.main(args)}. */
    private static String main(String... args) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuarryApplication.main(args);
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The version in the parent POM, the one every module inherits. */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>quarry-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "the parent POM names its version after its artifactId");
        return m.group(1);
    }
}
