package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @TempDir
    Path dir;
    Path jar;
    Path archive;

    @BeforeEach
    void jarAndArchive() throws IOException {
        jar = Files.writeString(dir.resolve("batchflux.jar"), "jar");
        archive = Files.writeString(dir.resolve(Launcher.ARCHIVE_NAME), "jsa");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2026-01-01T00:00:05Z")));
        Files.writeString(dir.resolve(Launcher.ARCHIVE_JAR_NAME), Launcher.archiveRecord(jar));
    }

    /** {@code java <options> -jar <the jar> <args>} as the JVM reports it. */
    private List<String> jvm(List<String> options, List<String> args) {
        List<String> all = new ArrayList<>(options);
        all.add("-jar");
        all.add(jar.toString());
        all.addAll(args);
        return all;
    }

    private Optional<List<String>> relaunch(List<String> jvmArguments, List<String> args) {
        return Launcher.relaunchCommand("/jdk/bin/java", jvmArguments, jar, args);
    }

    @Test
    void aPlainQuickCommandRunsInAChildThatMapsTheArchive() {
        List<String> args = List.of("-action", "list", "--json");
        List<String> command = relaunch(jvm(List.of(), args), args)
                .orElseThrow();
        assertEquals("/jdk/bin/java", command.get(0));
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command.toString());
        assertTrue(command.contains("-D" + Launcher.RELAUNCHED_PROPERTY + "=true"), command.toString());
        int main = command.indexOf("io.batchflux.cli.Main");
        assertEquals(jar.toString(), command.get(main - 1));
        assertEquals(args, command.subList(main + 1, command.size()), "the program arguments, unchanged and last");
    }

    @Test
    void aFileThatIsOneOfThisProcesssDescriptorsKeepsTheCommandInThisJvm() {
        for (List<String> args : List.<List<String>>of(List.of("create", "-file", "/dev/fd/63"), List.of("create", "@args"),
                List.of("run", "--file=/proc/self/fd/12"), List.of("-action", "create", "--file", "/dev/fd/3"))) {
            assertTrue(relaunch(jvm(List.of(), args), args).isEmpty(), "a child has no " + args);
        }
        for (List<String> args : List.<List<String>>of(List.of("create", "-file", "-"),
                List.of("create", "-file", "/dev/fd/0"), List.of("create", "-file", "/dev/stdin"))) {
            assertTrue(relaunch(jvm(List.of(), args), args).isPresent(), "standard input is inherited: " + args);
        }
    }

    @Test
    void everyQuickActionSpellingIsRecognised() {
        for (List<String> args : List.<List<String>>of(List.of("list"), List.of("get", "-id", "b"), List.of("--action=cancel", "-id", "b"),
                List.of("-id", "b", "--action", "get"), List.of("-action=list"), List.of())) {
            assertTrue(relaunch(jvm(List.of(), args), args).isPresent(), args.toString());
        }
    }

    @Test
    void longActionsKeepTheFullJitAndUploadsCompileOnlyTheHottestCode() {
        List<String> args = List.of("-action", "create", "-file", "requests.txt");
        List<String> command = relaunch(jvm(List.of(), args), args)
                .orElseThrow();
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command.toString());
        assertFalse(command.contains("-XX:TieredStopAtLevel=1"), command.toString());
        assertFalse(command.contains("-XX:+UseSerialGC"), command.toString());
        assertTrue(command.containsAll(Launcher.UPLOAD_JVM_OPTIONS), command.toString());
        List<String> watch = List.of("watch", "-id", "b");
        List<String> watching = relaunch(jvm(List.of(), watch), watch).orElseThrow();
        assertFalse(watching.contains("-XX:+UseParallelGC"), watching.toString());
    }

    @Test
    void theEmulatorHelpAndUnknownActionsStayInProcess() {
        for (List<String> args : List.<List<String>>of(List.of("emulator", "--port", "8089"), List.of("--json"),
                List.of("--help"), List.of("-action"), List.of("-action", "nonsense"))) {
            assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), args.toString());
        }
    }

    @Test
    void sizesAndPropertiesArePassedOnFirst() {
        List<String> args = List.of("-action", "create", "-file", "f");
        List<String> command = relaunch(jvm(List.of("-Xmx64m", "-Dfoo=bar"), args), args).orElseThrow();
        assertEquals(List.of("/jdk/bin/java", "-Xmx64m", "-Dfoo=bar"), command.subList(0, 3));
    }

    @Test
    void anyOtherJvmOptionKeepsTheCommandInThisJvm() {
        List<String> args = List.of("-action", "list");
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-XX:+UseZGC",
                "-javaagent:a.jar", "-Xshare:off", "-XX:SharedArchiveFile=other.jsa")) {
            assertEquals(Optional.empty(), relaunch(jvm(List.of(option), args), args), option);
        }
        assertEquals(Optional.empty(), relaunch(List.of("-cp", jar.toString(), "io.batchflux.cli.Launcher",
                "-action", "list"), args), "not started with -jar");
        assertEquals(Optional.empty(), relaunch(List.of("-jar", "wrapper.jar", "-action", "list"), args),
                "started from another jar");
    }

    @Test
    void anArchiveMadeForTheJarElsewhereMeansNoRelaunch() throws IOException {
        List<String> args = List.of("list");
        Files.writeString(dir.resolve(Launcher.ARCHIVE_JAR_NAME), "/somewhere/else/batchflux.jar");
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), "the JVM would ignore the archive");
        Files.delete(dir.resolve(Launcher.ARCHIVE_JAR_NAME));
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), "no record of the archive's jar");
    }

    @Test
    void aJarReplacedInPlaceMeansNoRelaunchEvenWithAnOlderTimeStamp() throws IOException {
        List<String> args = List.of("list");
        Files.writeString(jar, "another build");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2025-06-01T00:00:00Z")));
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), "the JVM would reject the archive");
    }

    @Test
    void aHeapOf32GibOrMoreMeansNoRelaunch() {
        List<String> args = List.of("list");
        for (String heap : List.of("-Xmx32g", "-Xmx32768m", "-Xmx40G", "-Xmx1t", "-Xmx34359738368")) {
            assertEquals(Optional.empty(), relaunch(jvm(List.of(heap), args), args),
                    heap + ": no compressed pointers, so the archive would not map");
        }
        for (String heap : List.of("-Xmx31g", "-Xmx64m", "-Xmx512k", "-Xmx1073741824")) {
            assertTrue(relaunch(jvm(List.of(heap), args), args).isPresent(), heap);
        }
    }

    @Test
    void anArchiveMadeByAnotherJvmMeansNoRelaunch() throws IOException {
        List<String> args = List.of("list");
        assertTrue(relaunch(jvm(List.of(), args), args).isPresent());
        Files.writeString(dir.resolve(Launcher.ARCHIVE_JAR_NAME), jar.toRealPath() + "\n/other/jdk 17.0.1+12");
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args),
                "another JDK's archive is not mapped, and a static archive then shares nothing");
        Files.writeString(dir.resolve(Launcher.ARCHIVE_JAR_NAME), jar.toRealPath().toString());
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), "a record without its JVM");
    }

    @Test
    void getDownloadsWithTheFullJitAndActionsIgnoreCase() {
        List<String> get = List.of("-action", "GET", "-id", "b");
        List<String> command = relaunch(jvm(List.of(), get), get).orElseThrow();
        assertFalse(command.contains("-XX:TieredStopAtLevel=1"), command.toString());
        List<String> list = List.of("LIST");
        assertTrue(relaunch(jvm(List.of(), list), list).orElseThrow().contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void aMissingOrStaleArchiveMeansNoRelaunch() throws IOException {
        List<String> args = List.of("list");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2025-12-31T00:00:00Z")));
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), "archive older than the jar");
        Files.delete(archive);
        assertEquals(Optional.empty(), relaunch(jvm(List.of(), args), args), "no archive");
    }

    @Test
    void theActionIsReadOnlyWhereItIsUnambiguous() {
        assertEquals(Optional.of("list"), Launcher.action(List.of("-action", "list")));
        assertEquals(Optional.of("get"), Launcher.action(List.of("--action=get")));
        assertEquals(Optional.of("cancel"), Launcher.action(List.of("cancel", "-id", "b")));
        assertEquals(Optional.of("list"), Launcher.action(List.of()), "list is the default action");
        assertEquals(Optional.empty(), Launcher.action(List.of("--json", "list")), "a bare word after an option may be its value");
    }
}
