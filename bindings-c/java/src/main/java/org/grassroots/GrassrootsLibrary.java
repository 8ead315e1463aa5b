package org.grassroots;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.File;
import java.util.Map;
import org.grassroots.model.SchemaInfo;

/**
 * The C functions of grassroots.h that {@link Campaign} and {@link Store} call, through JNA. A
 * {@code gr_status} (a {@code uint32_t}) is an {@code int} here; a {@code size_t} is a {@link SizeT};
 * strings the library returns are {@link Pointer}s, read then freed with {@code gr_string_free};
 * {@code gr_version} and {@code gr_status_name} return static strings.
 */
interface GrassrootsLibrary extends Library {
    int GR_OK = 0;

    int gr_campaign_new(PointerByReference campaignOut);

    int gr_campaign_execute(Pointer campaign, String commandJson, PointerByReference resultOut);

    int gr_campaign_query(Pointer campaign, String queryJson, PointerByReference resultOut);

    int gr_campaign_replay(Pointer campaign, String recordsJson);

    int gr_campaign_restore(Pointer campaign, String snapshotJson);

    int gr_campaign_records_since(Pointer campaign, long seq, PointerByReference recordsJsonOut);

    int gr_campaign_records_since_lines(Pointer campaign, long seq, PointerByReference linesOut);

    int gr_campaign_record(Pointer campaign, long seq, PointerByReference recordJsonOut);

    int gr_campaign_release_records_through(Pointer campaign, long seq);

    int gr_campaign_snapshot(Pointer campaign, PointerByReference snapshotJsonOut);

    int gr_campaign_head(Pointer campaign, LongByReference seqOut, PointerByReference hashOut);

    int gr_campaign_last_error(Pointer campaign, PointerByReference errorJsonOut);

    void gr_campaign_free(Pointer campaign);

    void gr_string_free(Pointer s);

    int gr_reference_questionnaire(PointerByReference commandJsonOut);

    int gr_roll_up(String rollupsJson, PointerByReference rollupJsonOut, PointerByReference errorJsonOut);

    int gr_store_open(String location, String optionsJson, PointerByReference storeOut, PointerByReference errorJsonOut);

    int gr_store_execute(Pointer store, String commandJson, PointerByReference resultOut);

    int gr_store_execute_batch(Pointer store, String commandsLines, PointerByReference answersOut);

    int gr_store_query(Pointer store, String queryJson, PointerByReference resultOut);

    int gr_store_refresh(Pointer store);

    int gr_store_head(Pointer store, LongByReference seqOut, PointerByReference hashOut);

    int gr_store_records_since_lines(Pointer store, long seq, SizeT limit, PointerByReference linesOut);

    int gr_store_snapshot(Pointer store, LongByReference seqOut);

    int gr_store_verify(Pointer store, PointerByReference resultOut);

    int gr_store_status(Pointer store, PointerByReference statusJsonOut);

    int gr_store_last_error(Pointer store, PointerByReference errorJsonOut);

    void gr_store_free(Pointer store);

    String gr_version();

    String gr_status_name(int status);

    /** A C {@code size_t}: as wide as the platform's (unsigned). */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        /** Zero (JNA instantiates the type through this constructor). */
        public SizeT() {
            this(0);
        }

        SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** The loaded library: loaded on first use, and again on the next use if that failed. */
    static GrassrootsLibrary get() {
        return Loader.get();
    }

    /** Finds libgrassroots: -Dgrassroots.lib or GRASSROOTS_LIB (a file), else by name on JNA's path. */
    final class Loader {
        private static GrassrootsLibrary loaded;

        private Loader() {}

        static synchronized GrassrootsLibrary get() {
            if (loaded == null) {
                loaded = load();
            }
            return loaded;
        }

        static GrassrootsLibrary load() {
            Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
            String property = System.getProperty("grassroots.lib");
            String env = System.getenv("GRASSROOTS_LIB");
            String explicit = property != null && !property.isEmpty() ? property : env != null && !env.isEmpty() ? env : null;
            GrassrootsLibrary lib;
            try {
                lib = Native.load(explicit != null ? explicit : "grassroots", GrassrootsLibrary.class, options);
            } catch (UnsatisfiedLinkError e) {
                throw notFound(explicit, property, env, e);
            }
            String version = lib.gr_version();
            if (!abi(version).equals(abi(SchemaInfo.LIBRARY_VERSION))) {
                throw new UnsatisfiedLinkError("grassroots: the loaded library is version " + version
                        + " but these Java classes were generated for " + SchemaInfo.LIBRARY_VERSION
                        + " (the ABI must match: MAJOR, or 0.MINOR before 1.0); loaded "
                        + (explicit != null ? explicit : "libgrassroots by name"));
            }
            return lib;
        }

        private static UnsatisfiedLinkError notFound(String explicit, String property, String env, UnsatisfiedLinkError e) {
            StringBuilder m = new StringBuilder("grassroots: cannot load libgrassroots. Looked ");
            if (explicit != null) {
                m.append("at the file ").append(explicit).append(" (from ")
                        .append(explicit.equals(property) ? "-Dgrassroots.lib" : "GRASSROOTS_LIB").append(")");
                if (!new File(explicit).isFile()) {
                    m.append(", which does not exist");
                }
            } else {
                m.append("for libgrassroots.so in -Djna.library.path=").append(describe(System.getProperty("jna.library.path")))
                        .append(", -Djava.library.path=").append(describe(System.getProperty("java.library.path")))
                        .append(" and the system's library path (LD_LIBRARY_PATH=")
                        .append(describe(System.getenv("LD_LIBRARY_PATH"))).append(", ldconfig's cache)");
            }
            m.append(". Install it with `bash scripts/install-c.sh --prefix PREFIX`, then run java with")
                    .append(" -Djna.library.path=PREFIX/lib, or set GRASSROOTS_LIB=PREFIX/lib/libgrassroots.so.")
                    .append(" JNA said: ").append(e.getMessage());
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(m.toString());
            error.initCause(e);
            return error;
        }

        private static String describe(String value) {
            return value == null || value.isEmpty() ? "(unset)" : value;
        }

        /** "0.1" for 0.1.x, "1" for 1.x.y. */
        static String abi(String version) {
            String[] parts = version.split("\\.");
            return parts[0].equals("0") && parts.length > 1 ? "0." + parts[1] : parts[0];
        }
    }
}
