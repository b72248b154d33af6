package dev.socketiolambda.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.dynamo.SqliteNativeLibrary.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeLibraryTest {

    @Test
    void detectsThePlatformsSqlite4javaShips() {
        assertThat(Platform.detect("Linux", "amd64")).isEqualTo(Platform.LINUX_AMD64);
        assertThat(Platform.detect("Linux", "x86_64")).isEqualTo(Platform.LINUX_AMD64);
        assertThat(Platform.detect("Mac OS X", "x86_64")).isEqualTo(Platform.OSX_X86_64);
        assertThat(Platform.detect("Windows 11", "amd64")).isEqualTo(Platform.WINDOWS_X64);
        assertThat(Platform.detect("Linux", "aarch64")).isNull();
        assertThat(Platform.detect("Mac OS X", "aarch64")).isNull();
        assertThat(Platform.detect("Linux", "x86")).isNull();
        assertThat(Platform.detect("FreeBSD", "amd64")).isNull();
        assertThat(Platform.LINUX_AMD64.fileName()).isEqualTo("libsqlite4java-linux-amd64.so");
        assertThat(Platform.LINUX_AMD64.versionedFileName()).isEqualTo("libsqlite4java-linux-amd64-1.0.392.so");
    }

    @Test
    void unsupportedPlatformMessageSaysWhatToDo() {
        assertThat(SqliteNativeLibrary.unsupportedPlatformMessage("Linux", "riscv64"))
                .contains("os.arch=riscv64", "x86_64", "aarch64", "-Dorg.sqlite.lib.path=",
                        "-Dsqlite4java.library.path=");
    }

    @Test
    void extractsTheBundledLibraryForThisPlatform() throws Exception {
        Platform platform = Platform.detect(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform == null) {
            return; // nothing bundled for this machine
        }
        Path dir = SqliteNativeLibrary.extract(platform);
        Path lib = dir.resolve(platform.fileName());
        assertThat(lib).isRegularFile();
        assertThat(Files.size(lib)).isGreaterThan(100_000);
    }

    @Test
    void aPropertyPointingAtADirectoryWithoutTheLibraryIsReplaced(@TempDir Path empty) {
        Platform platform = Platform.detect(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform == null) {
            return;
        }
        List<String> names = List.of(SqliteNativeLibrary.PROPERTY, SqliteNativeLibrary.DDB_LIB_PATH,
                SqliteNativeLibrary.DDB_LIB_NAME);
        Map<String, String> saved = new HashMap<>();
        names.forEach(name -> saved.put(name, System.getProperty(name)));
        try {
            names.forEach(System::clearProperty);
            System.setProperty(SqliteNativeLibrary.PROPERTY, empty.toString());
            Path dir = SqliteNativeLibrary.ensureConfigured();
            assertThat(dir).isNotEqualTo(empty);
            assertThat(dir.resolve(platform.fileName())).isRegularFile();
            assertThat(System.getProperty(SqliteNativeLibrary.PROPERTY)).isEqualTo(dir.toString());
            // DynamoDB Local's own loader is pointed at the same file
            assertThat(System.getProperty(SqliteNativeLibrary.DDB_LIB_PATH)).isEqualTo(dir.toString());
            assertThat(System.getProperty(SqliteNativeLibrary.DDB_LIB_NAME)).isEqualTo(platform.fileName());
            // idempotent
            assertThat(SqliteNativeLibrary.ensureConfigured()).isEqualTo(dir);
        } finally {
            names.forEach(name -> {
                if (saved.get(name) == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, saved.get(name));
                }
            });
        }
    }
}
