package io.recordingarchiver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.camel.util.IOHelper;
import org.apache.camel.util.StringHelper;

/**
 * The start-up check that refuses a misspelt setting instead of ignoring it: Camel reads a setting
 * from the environment or a system property only under its exact name, so
 * {@code ARCHIVER_S3_BUKCET=my-recordings} would otherwise leave the default bucket in use, silently.
 *
 * <p>The rule. Checked are the names an operator supplies outside the settings file (names inside an
 * operator's own {@code application.properties} are not checked: its own route files may read settings
 * of their own):
 * <ul>
 * <li>each system property whose name starts with {@code archiver.} or {@code archiver_}, in any case
 *     ({@code -Darchiver.s3.bucket=...}); it is known when it is a known name exactly, as Camel reads it;</li>
 * <li>each environment variable whose name starts with {@code ARCHIVER_} or {@code ARCHIVER.}, in any
 *     case; it is known when it is one of the spellings under which Camel 4.18 looks a known name up
 *     ({@code IOHelper.lookupEnvironmentVariable}): the name in upper case, or in upper case with dots and
 *     dashes as underscores, also after a camelCase name was turned into dashes. So
 *     {@code ARCHIVER_DISPATCH_POLL_INTERVAL} sets {@code archiver.dispatch.poll-interval}.</li>
 * </ul>
 * The known names are those defined by the {@code application.properties} in use and by the packaged one
 * (a setting of this version, which the environment sets even where an older copy of the file lacks it),
 * the retired names of {@link Settings#RETIRED} (still read, with a WARN), and names that reach the
 * process without being settings: {@code archiver.test.*} / {@code ARCHIVER_TEST_*} (the test suite's
 * external tools, inherited by the archiver processes the tests start), the environment variables of
 * {@code bin/archiver} ({@code ARCHIVER_JAR}, {@code ARCHIVER_CDS_ARCHIVE}), and the service links
 * Kubernetes puts into every pod for a Service whose name starts with {@code archiver}
 * ({@code ARCHIVER_SERVICE_HOST}, {@code ARCHIVER_SERVICE_PORT[_<port name>]},
 * {@code ARCHIVER_PORT_8080_TCP[_PROTO|_PORT|_ADDR]}, and {@code ARCHIVER_PORT} when its value is a
 * {@code tcp://}, {@code udp://} or {@code sctp://} address).
 *
 * <p>Each unknown name is reported with where it came from and, when one is close, the closest setting
 * the files define: names compared in lower case with {@code _ - .} alike, close when at most 3 edits
 * apart (Levenshtein), made of the same words in another order, or of the same words with one word more
 * or less (at least 3 words in the shorter; {@code archiver.dispatch.lease-time} is close to
 * {@code archiver.dispatch.lease}); the fewest edits win, then the first in alphabetical order. A value
 * is never put into the message: a misspelt secret stays out of the log.
 */
public final class UnknownSettings {

    /** The end of every message. */
    static final String HINT = "Every setting is listed in application.properties";

    /** Environment variables of {@code bin/archiver} itself, which the JVM it starts inherits. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("ARCHIVER_JAR", "ARCHIVER_CDS_ARCHIVE");

    private static final String TEST_PREFIX = "archiver.test.";
    private static final String TEST_VARIABLE_PREFIX = "ARCHIVER_TEST_";

    /** Kubernetes service links that no archiver setting can be spelt as. */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "ARCHIVER(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");
    private static final Pattern SERVICE_LINK_PORT = Pattern.compile("ARCHIVER(_[A-Z0-9_]+)?_PORT");
    private static final Pattern SERVICE_ADDRESS = Pattern.compile("(tcp|udp|sctp)://\\S+");

    private static final int MAX_EDITS = 3;

    /** Names a system property may be (settings, retired names). */
    private final Set<String> accepted;
    /** Environment variable spellings of the accepted names, as Camel looks them up. */
    private final Set<String> acceptedVariables;
    /** The {@code archiver.*} settings a suggestion may name. */
    private final Set<String> suggestions;

    private UnknownSettings(Collection<String> defined) {
        accepted = new HashSet<>(defined);
        Settings.RETIRED.values().forEach(retired -> accepted.add(retired.name()));
        acceptedVariables = new HashSet<>();
        for (String name : accepted) {
            acceptedVariables.add(name.toUpperCase());
            acceptedVariables.add(IOHelper.normalizeEnvironmentVariable(name));
            acceptedVariables.add(IOHelper.normalizeEnvironmentVariable(StringHelper.camelCaseToDash(name)));
        }
        suggestions = new TreeSet<>();
        defined.stream().filter(name -> name.startsWith("archiver.")).forEach(suggestions::add);
    }

    /**
     * The check for a process whose settings files define these names (keys of any kind; null files
     * are skipped): in practice the {@code application.properties} in use and the packaged one.
     */
    public static UnknownSettings definedIn(Properties... files) {
        Set<String> names = new HashSet<>();
        for (Properties file : files) {
            if (file != null) {
                names.addAll(file.stringPropertyNames());
            }
        }
        return new UnknownSettings(names);
    }

    /**
     * The message that stops the start, or empty when every {@code archiver.*} name supplied is known.
     * One clause per unknown name (environment variables first, then system properties, each sorted),
     * such as {@code unknown setting archiver.s3.bukcet (environment variable ARCHIVER_S3_BUKCET): did you
     * mean archiver.s3.bucket (ARCHIVER_S3_BUCKET)? Every setting is listed in application.properties}.
     *
     * @param environment the process's environment ({@code System.getenv()})
     * @param systemProperties the process's system properties, read before the archiver sets any itself
     */
    public Optional<String> check(Map<String, String> environment, Properties systemProperties) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(environment).forEach((variable, value) -> {
            if (suppliedVariable(variable) && !knownVariable(variable, value)) {
                String name = canonical(variable);
                problems.add("unknown setting " + name + " (environment variable " + variable + ")"
                        + closest(name).map(s -> ": did you mean " + s + " (" + IOHelper.normalizeEnvironmentVariable(s) + ")?")
                                .orElse(""));
            }
        });
        new TreeSet<>(systemProperties.stringPropertyNames()).forEach(property -> {
            if (suppliedProperty(property) && !knownProperty(property)) {
                problems.add("unknown setting " + property + " (system property " + property + ")"
                        + closest(property).map(s -> ": did you mean " + s + "?").orElse(""));
            }
        });
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String all = String.join("; ", problems);
        return Optional.of(all + (all.endsWith("?") ? " " : ". ") + HINT);
    }

    private static boolean suppliedVariable(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        return upper.startsWith("ARCHIVER_") || upper.startsWith("ARCHIVER.");
    }

    private static boolean suppliedProperty(String property) {
        String lower = property.toLowerCase(Locale.ROOT);
        return lower.startsWith("archiver.") || lower.startsWith("archiver_");
    }

    private boolean knownVariable(String variable, String value) {
        return acceptedVariables.contains(variable) || variable.startsWith(TEST_VARIABLE_PREFIX)
                || LAUNCHER_VARIABLES.contains(variable) || SERVICE_LINK.matcher(variable).matches()
                || SERVICE_LINK_PORT.matcher(variable).matches() && value != null
                        && SERVICE_ADDRESS.matcher(value.trim()).matches();
    }

    private boolean knownProperty(String property) {
        return accepted.contains(property) || property.startsWith(TEST_PREFIX);
    }

    /** The closest setting the files define, under the rule of the class comment. */
    Optional<String> closest(String supplied) {
        String name = canonical(supplied);
        List<String> words = List.of(name.split("\\."));
        String best = null;
        int fewest = Integer.MAX_VALUE;
        for (String setting : suggestions) {
            String candidate = canonical(setting);
            int edits = edits(name, candidate);
            List<String> candidateWords = List.of(candidate.split("\\."));
            boolean close = edits <= MAX_EDITS || sameWordsReordered(words, candidateWords)
                    || oneWordApart(words, candidateWords);
            if (close && edits < fewest) {
                best = setting;
                fewest = edits;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Lower case, with {@code _} and {@code -} as {@code .}: {@code ARCHIVER_S3_BUCKET} is {@code archiver.s3.bucket}. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    }

    private static boolean sameWordsReordered(List<String> a, List<String> b) {
        String[] x = a.toArray(String[]::new);
        String[] y = b.toArray(String[]::new);
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }

    /** One list is the other with one word inserted somewhere, and the shorter has at least 3 words. */
    private static boolean oneWordApart(List<String> a, List<String> b) {
        List<String> longer = a.size() > b.size() ? a : b;
        List<String> shorter = longer == a ? b : a;
        if (longer.size() != shorter.size() + 1 || shorter.size() < 3) {
            return false;
        }
        for (int skip = 0; skip < longer.size(); skip++) {
            List<String> without = new ArrayList<>(longer);
            without.remove(skip);
            if (without.equals(shorter)) {
                return true;
            }
        }
        return false;
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
