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
    }

    private Optional<List<String>> relaunch(List<String> jvmArguments, List<String> args) {
        return Launcher.relaunchCommand("/jdk/bin/java", jvmArguments, jar, args);
    }

    @Test
    void aPlainQuickCommandRunsInAChildThatMapsTheArchive() {
        List<String> args = List.of("-action", "list", "--json");
        List<String> command = relaunch(List.of("-jar", "target/batchflux.jar", "-action", "list", "--json"), args)
                .orElseThrow();
        assertEquals("/jdk/bin/java", command.get(0));
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command.toString());
        assertTrue(command.contains("-D" + Launcher.RELAUNCHED_PROPERTY + "=true"), command.toString());
        int main = command.indexOf("io.batchflux.cli.Main");
        assertEquals(jar.toString(), command.get(main - 1));
        assertEquals(args, command.subList(main + 1, command.size()), "the program arguments, unchanged and last");
    }

    @Test
    void everyQuickActionSpellingIsRecognised() {
        for (List<String> args : List.<List<String>>of(List.of("list"), List.of("get", "-id", "b"), List.of("--action=cancel", "-id", "b"),
                List.of("-id", "b", "--action", "get"), List.of("-action=list"), List.of())) {
            List<String> jvm = new ArrayList<>(List.of("-jar", "x.jar"));
            jvm.addAll(args);
            assertTrue(relaunch(jvm, args).isPresent(), args.toString());
        }
    }

    @Test
    void longActionsKeepTheFullJit() {
        List<String> args = List.of("-action", "create", "-file", "requests.txt");
        List<String> command = relaunch(List.of("-jar", "x.jar", "-action", "create", "-file", "requests.txt"), args)
                .orElseThrow();
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command.toString());
        assertFalse(command.contains("-XX:TieredStopAtLevel=1"), command.toString());
        assertFalse(command.contains("-XX:+UseSerialGC"), command.toString());
    }

    @Test
    void theEmulatorHelpAndUnknownActionsStayInProcess() {
        for (List<String> args : List.<List<String>>of(List.of("emulator", "--port", "8089"), List.of("--json"),
                List.of("--help"), List.of("-action"), List.of("-action", "nonsense"))) {
            List<String> jvm = new ArrayList<>(List.of("-jar", "x.jar"));
            jvm.addAll(args);
            assertEquals(Optional.empty(), relaunch(jvm, args), args.toString());
        }
    }

    @Test
    void sizesAndPropertiesArePassedOnFirst() {
        List<String> args = List.of("-action", "create", "-file", "f");
        List<String> command = relaunch(List.of("-Xmx64m", "-Dfoo=bar", "-jar", "x.jar", "-action", "create",
                "-file", "f"), args).orElseThrow();
        assertEquals(List.of("/jdk/bin/java", "-Xmx64m", "-Dfoo=bar"), command.subList(0, 3));
    }

    @Test
    void anyOtherJvmOptionKeepsTheCommandInThisJvm() {
        List<String> args = List.of("-action", "list");
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-XX:+UseZGC",
                "-javaagent:a.jar", "-Xshare:off", "-XX:SharedArchiveFile=other.jsa")) {
            assertEquals(Optional.empty(), relaunch(List.of(option, "-jar", "x.jar", "-action", "list"), args), option);
        }
        assertEquals(Optional.empty(), relaunch(List.of("-cp", "x.jar", "io.batchflux.cli.Launcher", "-action",
                "list"), args), "not started with -jar");
    }

    @Test
    void aMissingOrStaleArchiveMeansNoRelaunch() throws IOException {
        List<String> args = List.of("list");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2025-12-31T00:00:00Z")));
        assertEquals(Optional.empty(), relaunch(List.of("-jar", "x.jar", "list"), args), "archive older than the jar");
        Files.delete(archive);
        assertEquals(Optional.empty(), relaunch(List.of("-jar", "x.jar", "list"), args), "no archive");
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
