package dev.socketiolambda.local.dynamo;

import com.almworks.sqlite4java.SQLite;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoaderUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Makes DynamoDB Local's SQLite native library (sqlite4java's JNI binary) load, the same way in
 * Maven tests, in an IDE and in the shaded runnable jar.
 *
 * <p>Two loaders are involved. DynamoDB Local 2.x first runs its own
 * ({@code SQLiteLibraryLoader}): it {@code System.load}s {@value #DDB_LIB_PATH}/{@value
 * #DDB_LIB_NAME} when those properties are set, else extracts a copy bundled in its jar to
 * {@code java.io.tmpdir}. sqlite4java then finds the library already loaded; only if it is not
 * does it look in {@value #PROPERTY} for {@code libsqlite4java-<os>-<arch>.so} (or {@code .dylib},
 * {@code .dll}).
 *
 * <p>On the platforms sqlite4java {@value #SQLITE4JAVA_VERSION} ships a binary for
 * (linux-amd64, macOS x86_64, Windows x64), this class points both loaders at one file:
 *
 * <ol>
 *   <li>the directory named by {@value #PROPERTY} if it holds that file (the Maven build points
 *       Surefire at {@code target/classes/native});</li>
 *   <li>else the copy bundled as the class-path resource {@code native/<file>} (inside the
 *       runnable jar, or {@code target/classes/native}), extracted to a fresh temporary directory
 *       deleted at JVM exit;</li>
 *   <li>else (an IDE build that skipped the Maven copy step) the artifact in the local Maven
 *       repository, copied the same way.</li>
 * </ol>
 *
 * <p>Elsewhere (e.g. Linux or macOS on aarch64) DynamoDB Local's own loader is left to do the job
 * when its jar carries a binary for the platform; otherwise {@link #ensureLoaded()} fails with a
 * message saying what to do.
 */
final class SqliteNativeLibrary {

    /** sqlite4java's library directory property. */
    static final String PROPERTY = "sqlite4java.library.path";
    /** DynamoDB Local's library directory property. */
    static final String DDB_LIB_PATH = "org.sqlite.lib.path";
    /** DynamoDB Local's library file name property. */
    static final String DDB_LIB_NAME = "org.sqlite.lib.name";
    static final String SQLITE4JAVA_VERSION = "1.0.392";
    static final String RESOURCE_DIR = "native/";

    private static final System.Logger LOG = System.getLogger(SqliteNativeLibrary.class.getName());

    /**
     * In a shaded jar sqlite4java cannot tell its version from its jar name and warns about it on
     * every start; held here so the filter is not garbage collected with the logger.
     */
    private static final Logger SQLITE4JAVA_LOGGER = quietUnknownJarVersion();

    private static Path configuredDir;
    private static boolean loaded;

    private SqliteNativeLibrary() {
    }

    /** A platform sqlite4java 1.0.392 has a Maven artifact for. */
    enum Platform {
        LINUX_AMD64("libsqlite4java-linux-amd64", "so"),
        OSX_X86_64("libsqlite4java-osx", "dylib"),
        WINDOWS_X64("sqlite4java-win32-x64", "dll");

        /** Maven artifactId of the native library, {@code com.almworks.sqlite4java} group. */
        final String artifactId;
        /** Maven type and file extension. */
        final String extension;

        Platform(String artifactId, String extension) {
            this.artifactId = artifactId;
            this.extension = extension;
        }

        /** The file name sqlite4java looks for (no version suffix). */
        String fileName() {
            return artifactId + "." + extension;
        }

        /** The file name with the version suffix, which sqlite4java also accepts. */
        String versionedFileName() {
            return artifactId + "-" + SQLITE4JAVA_VERSION + "." + extension;
        }

        static Platform detect(String osName, String osArch) {
            String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
            boolean x64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64");
            if (!x64) {
                return null;
            }
            if (os.startsWith("linux")) {
                return LINUX_AMD64;
            }
            if (os.startsWith("mac") || os.startsWith("darwin") || os.contains("os x")) {
                return OSX_X86_64;
            }
            if (os.startsWith("windows")) {
                return WINDOWS_X64;
            }
            return null;
        }
    }

    /**
     * Configures the library location (see the class comment) and loads it now, so that a
     * missing or broken library fails here rather than on DynamoDB Local's first request.
     *
     * @throws IllegalStateException when no usable library exists for this platform
     */
    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        String osName = System.getProperty("os.name");
        String osArch = System.getProperty("os.arch");
        Path dir = ensureConfigured();
        if (dir == null && !ddbLocalBundlesThisPlatform() && System.getProperty(DDB_LIB_PATH) == null
                && System.getProperty(PROPERTY) == null) {
            throw new IllegalStateException(unsupportedPlatformMessage(osName, osArch));
        }
        try {
            SQLiteLibraryLoader.initialize(); // DynamoDB Local's loader: System.load
            SQLite.loadLibrary(); // sqlite4java: finds it loaded, or loads from PROPERTY
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException(unsupportedPlatformMessage(osName, osArch)
                    + " Loading failed with: " + e, e);
        }
        loaded = true;
    }

    /**
     * Sets {@value #PROPERTY} (and DynamoDB Local's {@value #DDB_LIB_PATH} and {@value
     * #DDB_LIB_NAME}, unless set already) to a directory holding the library for this platform,
     * and returns it; returns {@code null} when this platform has no sqlite4java artifact, leaving
     * everything to DynamoDB Local's loader or to properties the user set. Idempotent.
     */
    static synchronized Path ensureConfigured() {
        Platform platform = Platform.detect(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform == null) {
            return null;
        }
        String current = System.getProperty(PROPERTY);
        if (configuredDir != null && current != null && Path.of(current).equals(configuredDir)) {
            return configuredDir;
        }
        Path dir = null;
        if (current != null && !current.isBlank()) {
            Path candidate = Path.of(current).toAbsolutePath();
            if (holdsLibrary(candidate, platform)) {
                dir = candidate;
            } else {
                LOG.log(System.Logger.Level.WARNING,
                        "{0}={1} does not contain {2}; using the bundled copy instead",
                        PROPERTY, current, platform.fileName());
            }
        }
        if (dir == null) {
            dir = extract(platform);
            LOG.log(System.Logger.Level.DEBUG, "sqlite4java native library extracted to {0}", dir);
        }
        System.setProperty(PROPERTY, dir.toString());
        if (System.getProperty(DDB_LIB_PATH) == null) {
            Path file = Files.isRegularFile(dir.resolve(platform.fileName()))
                    ? dir.resolve(platform.fileName())
                    : dir.resolve(platform.versionedFileName());
            System.setProperty(DDB_LIB_PATH, dir.toString());
            System.setProperty(DDB_LIB_NAME, file.getFileName().toString());
        }
        configuredDir = dir;
        return dir;
    }

    static String unsupportedPlatformMessage(String osName, String osArch) {
        return "DynamoDB Local needs the SQLite native library (sqlite4java), which DynamoDB Local "
                + "and sqlite4java " + SQLITE4JAVA_VERSION + " ship for Linux and macOS on x86_64 "
                + "and aarch64 and Windows on x86/x64 only; this JVM runs on os.name=" + osName
                + ", os.arch=" + osArch + ". Run the local stack on one of those (e.g. a "
                + "linux/amd64 container), or pass -D" + DDB_LIB_PATH + "=<directory> (and -D"
                + DDB_LIB_NAME + "=<file name>) and -D" + PROPERTY + "=<directory> pointing at a "
                + "sqlite4java " + SQLITE4JAVA_VERSION + " library built for this platform.";
    }

    /** Extracts the bundled (or locally cached) library into a fresh temporary directory. */
    static Path extract(Platform platform) {
        try {
            Path dir = Files.createTempDirectory("socketio-local-sqlite4java-");
            Path target = dir.resolve(platform.fileName());
            dir.toFile().deleteOnExit();
            target.toFile().deleteOnExit();

            ClassLoader loader = SqliteNativeLibrary.class.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + platform.fileName())) {
                if (in != null) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    return dir;
                }
            }
            Path fromRepo = localRepositoryCopy(platform);
            if (fromRepo != null) {
                Files.copy(fromRepo, target, StandardCopyOption.REPLACE_EXISTING);
                return dir;
            }
            Files.deleteIfExists(dir);
            throw new IllegalStateException("sqlite4java native library " + platform.fileName()
                    + " not found: no class-path resource " + RESOURCE_DIR + platform.fileName()
                    + ", no copy in the local Maven repository, and -D" + PROPERTY
                    + " is not set. Build with Maven (it bundles the library) or pass -D"
                    + PROPERTY + "=<directory containing " + platform.fileName() + ">.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the sqlite4java native library", e);
        }
    }

    private static boolean holdsLibrary(Path dir, Platform platform) {
        return Files.isRegularFile(dir.resolve(platform.fileName()))
                || Files.isRegularFile(dir.resolve(platform.versionedFileName()));
    }

    /** Whether DynamoDB Local's jar carries a library for this OS and architecture. */
    private static boolean ddbLocalBundlesThisPlatform() {
        try {
            String resource = "/" + SQLiteLibraryLoader.class.getPackageName().replace('.', '/')
                    + "/native/" + SQLiteLibraryLoaderUtil.getNativeLibFolderPathForCurrentOS();
            return SQLiteLibraryLoaderUtil.hasNativeLib(resource, SQLiteLibraryLoaderUtil.getNativeLibName());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Path localRepositoryCopy(Platform platform) {
        String repo = System.getProperty("maven.repo.local");
        Path base = repo != null && !repo.isBlank()
                ? Path.of(repo)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path candidate = base.resolve(Path.of("com", "almworks", "sqlite4java", platform.artifactId,
                SQLITE4JAVA_VERSION, platform.versionedFileName()));
        return Files.isRegularFile(candidate) ? candidate : null;
    }

    private static Logger quietUnknownJarVersion() {
        Logger logger = Logger.getLogger("com.almworks.sqlite4java");
        logger.setFilter(record -> record.getMessage() == null
                || !record.getMessage().contains("unknown jar version"));
        return logger;
    }
}
