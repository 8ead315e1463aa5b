package org.grassroots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests of the Java library, run by scripts/test-java.sh: a plain main() (no test framework to
 * install) that runs every test, prints one line per test and "N passed, N failed", and exits 1 on a
 * failure.
 *
 * <pre>
 *   java -cp ... org.grassroots.TestMain [REPO_ROOT]            every test
 *   java -cp ... org.grassroots.TestMain --smoke                only: the library loads (e.g. from GRASSROOTS_LIB)
 *   java -cp ... org.grassroots.TestMain --expect-load-failure  only: new Campaign() fails with a clear message
 * </pre>
 */
public final class TestMain {
    /** One test: throws on failure. */
    interface Test {
        void run() throws Exception;
    }

    private TestMain() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--expect-load-failure")) {
            System.exit(LibraryTest.expectLoadFailure() ? 0 : 1);
        }
        if (args.length == 1 && args[0].equals("--smoke")) {
            System.exit(LibraryTest.smoke() ? 0 : 1);
        }
        String root = args.length > 0 ? args[0] : ".";
        Map<String, Test> tests = new LinkedHashMap<>();
        ModelTest.register(tests);
        LibraryTest.register(tests);
        ReadmeFlowTest.register(tests);
        RecordsTest.register(tests);
        StoreTest.register(tests);
        ReportsTest.register(tests, root);
        ScenarioTest.register(tests, root);

        int passed = 0;
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Test> test : tests.entrySet()) {
            long start = System.nanoTime();
            try {
                test.getValue().run();
                passed++;
                System.out.printf("ok   %s (%d ms)%n", test.getKey(), (System.nanoTime() - start) / 1_000_000);
            } catch (Throwable e) {
                failed.add(test.getKey());
                System.out.printf("FAIL %s: %s%n", test.getKey(), e);
                e.printStackTrace(System.out);
            }
        }
        System.out.printf("%d passed, %d failed%n", passed, failed.size());
        if (!failed.isEmpty()) {
            System.out.println("failed: " + String.join(", ", failed));
            System.exit(1);
        }
    }

    // -----------------------------------------------------------------------------------------------
    // Assertions (plain ones: Java's `assert` needs -ea)

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static void checkEquals(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError(what + "\n  expected: " + clip(expected) + "\n  actual:   " + clip(actual));
        }
    }

    /** Runs `body`, which must throw a GrassrootsException; returns it. */
    static GrassrootsException refused(Runnable body, String what) {
        try {
            body.run();
        } catch (GrassrootsException e) {
            return e;
        }
        throw new AssertionError(what + ": expected a refusal, the call succeeded");
    }

    static <T extends Throwable> T expectThrows(Class<T> type, Runnable body, String what) {
        try {
            body.run();
        } catch (Throwable e) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            throw new AssertionError(what + ": expected " + type.getSimpleName() + ", got " + e, e);
        }
        throw new AssertionError(what + ": expected " + type.getSimpleName() + ", nothing was thrown");
    }

    private static String clip(Object o) {
        String s = String.valueOf(o);
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
