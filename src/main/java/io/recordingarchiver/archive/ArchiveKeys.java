package io.recordingarchiver.archive;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.event.FileNames;

/**
 * Object keys of the archive, from two templates. Placeholders: {@code {meetingId} {recordingId}
 * {sessionId} {organizationId} {outputFileName} {yyyy} {MM} {dd}}; the date is the UTC day the
 * recording stopped (else started, else today); a missing value renders as {@value #UNKNOWN}.
 *
 * <p>The audio file and the manifest sit next to the recording: {@code audio.{ext}} and
 * {@code manifest.json} when the recording's folder contains {@code {recordingId}}, otherwise
 * {@code {recordingId}.audio.{ext}} and {@code {recordingId}.manifest.json}, so two recordings
 * never share them.
 */
public final class ArchiveKeys {

    /** The default key of a recording. */
    public static final String DEFAULT_KEY_TEMPLATE = "recordings/{meetingId}/{recordingId}/{outputFileName}";
    /** The default key of an ERRORED recording's error manifest. */
    public static final String DEFAULT_ERROR_KEY_TEMPLATE = "errors/{recordingId}.json";
    /** What a placeholder without a value renders as. */
    public static final String UNKNOWN = "unknown";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> PLACEHOLDERS = Set.of(
            "meetingId", "recordingId", "sessionId", "organizationId", "outputFileName", "yyyy", "MM", "dd");
    private static final Set<String> AUDIO_EXTENSIONS = Set.of("mp3", "aac", "m4a", "ogg", "wav");
    private static final String DEFAULT_AUDIO_EXTENSION = "mp3";
    /** Longest id the archiver keeps (the state store's id columns). */
    public static final int MAX_ID_LENGTH = 128;
    /** A safe key segment: letters, digits, {@code _ - .}, not starting with a dot, at most {@value #MAX_ID_LENGTH}. */
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0," + (MAX_ID_LENGTH - 1) + "}");

    private final String keyTemplate;
    private final String errorKeyTemplate;
    private final boolean folderPerRecording;
    private final Clock clock;

    /** Keys with the default templates. */
    public ArchiveKeys() {
        this(null, null);
    }

    /**
     * Keys from the given templates; null or blank selects the default.
     *
     * @throws IllegalArgumentException for an unknown placeholder, an unbalanced brace, or a
     *                                  template that could leave its prefix (leading {@code /},
     *                                  {@code ..} or {@code .} segments, {@code //}, trailing {@code /})
     */
    public ArchiveKeys(String keyTemplate, String errorKeyTemplate) {
        this(keyTemplate, errorKeyTemplate, Clock.systemUTC());
    }

    ArchiveKeys(String keyTemplate, String errorKeyTemplate, Clock clock) {
        this.keyTemplate = checkedTemplate(keyTemplate, DEFAULT_KEY_TEMPLATE);
        this.errorKeyTemplate = checkedTemplate(errorKeyTemplate, DEFAULT_ERROR_KEY_TEMPLATE);
        int slash = this.keyTemplate.lastIndexOf('/');
        this.folderPerRecording = slash > 0 && this.keyTemplate.substring(0, slash).contains("{recordingId}");
        this.clock = clock;
    }

    /**
     * Why the ids of a {@code recording.statusUpdate} cannot be used, or null when they can. An id
     * is checked only where it becomes part of an object key, and then only for being a safe key
     * segment (letters, digits, {@code _ - .}, not starting with a dot, at most
     * {@value #MAX_ID_LENGTH} characters), never for being a UUID: the recording id always (it
     * names the recording's folder or files), the meeting, session and organization ids when one
     * of the two templates places them. A meeting or session id the templates do not use may be
     * anything up to {@value #MAX_ID_LENGTH} characters (the state store keeps it).
     *
     * @return one sentence naming the field, never quoting the value; null when usable
     */
    public String unusableId(RecordingEvent event) {
        String problem = unsafe("recording id", event.recordingId(), true);
        if (problem == null) {
            problem = unsafe("meeting id", event.meetingId(), uses("meetingId"));
        }
        if (problem == null) {
            problem = unsafe("session id", event.sessionId(), uses("sessionId"));
        }
        if (problem == null && uses("organizationId")) {
            problem = unsafe("organization id", event.organizationId(), true);
        }
        return problem;
    }

    private boolean uses(String placeholder) {
        String token = "{" + placeholder + "}";
        return keyTemplate.contains(token) || errorKeyTemplate.contains(token);
    }

    private static String unsafe(String name, String id, boolean inKey) {
        if (id == null) {
            return null;
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "the " + name + " is longer than " + MAX_ID_LENGTH + " characters";
        }
        if (inKey && !SAFE_SEGMENT.matcher(id).matches()) {
            return "the " + name + " cannot be part of an object key (only letters, digits, _ - . are safe)";
        }
        return null;
    }

    /** The key of the recording file. */
    public String recordingKey(RecordingEvent event) {
        return render(keyTemplate, values(event));
    }

    /**
     * The folder every recording key starts with: the template's text up to its last {@code /}
     * before the first placeholder ({@code recordings/} for the default), or empty when the
     * template starts with a placeholder.
     */
    public String fixedPrefix() {
        String fixed = keyTemplate.substring(0, Math.max(keyTemplate.indexOf('{'), 0));
        return fixed.substring(0, fixed.lastIndexOf('/') + 1);
    }

    /** The key of the audio-only file: next to the recording, extension taken from the audio URL. */
    public String audioKey(RecordingEvent event) {
        return sibling(event, "audio." + audioExtension(event.audioDownloadUrl()));
    }

    /**
     * The key of one file of a track recording, next to the recording: its own name, sanitised to
     * one safe segment ({@code track-{n}} when nothing usable is left), prefixed like the audio file
     * when the folder is not the recording's own.
     *
     * @param rawFileName the file name as RealtimeKit sent it
     * @param index       the file's position among the recording's track files, from 0
     */
    public String trackKey(RecordingEvent event, String rawFileName, int index) {
        String name = FileNames.sanitise(rawFileName);
        return sibling(event, name.isEmpty() ? "track-" + (index + 1) : name);
    }

    /** The key of the manifest, next to the recording. */
    public String manifestKey(RecordingEvent event) {
        return sibling(event, "manifest.json");
    }

    /** The key of the error manifest of an ERRORED recording. */
    public String errorKey(RecordingEvent event) {
        return render(errorKeyTemplate, values(event));
    }

    private String sibling(RecordingEvent event, String name) {
        String recordingKey = recordingKey(event);
        String folder = recordingKey.substring(0, recordingKey.lastIndexOf('/') + 1);
        String prefix = folderPerRecording ? "" : valueOrUnknown(event.recordingId()) + ".";
        return requireSafe(folder + prefix + name);
    }

    private Function<String, String> values(RecordingEvent event) {
        Instant when = event.stoppedTime() != null ? event.stoppedTime()
                : event.startedTime() != null ? event.startedTime() : clock.instant();
        ZonedDateTime day = when.atZone(ZoneOffset.UTC);
        return name -> switch (name) {
            case "meetingId" -> segment(event.meetingId(), "meeting id");
            case "recordingId" -> segment(event.recordingId(), "recording id");
            case "sessionId" -> segment(event.sessionId(), "session id");
            case "organizationId" -> segment(event.organizationId(), "organization id");
            case "outputFileName" -> valueOrUnknown(event.outputFileName());
            case "yyyy" -> String.format(Locale.ROOT, "%04d", day.getYear());
            case "MM" -> String.format(Locale.ROOT, "%02d", day.getMonthValue());
            case "dd" -> String.format(Locale.ROOT, "%02d", day.getDayOfMonth());
            default -> throw new IllegalStateException("unknown placeholder");
        };
    }

    private static String checkedTemplate(String template, String fallback) {
        String chosen = template == null || template.isBlank() ? fallback : template.trim();
        Matcher placeholders = PLACEHOLDER.matcher(chosen);
        while (placeholders.find()) {
            if (!PLACEHOLDERS.contains(placeholders.group(1))) {
                throw new IllegalArgumentException("unknown placeholder {" + placeholders.group(1)
                        + "} in key template; known: " + PLACEHOLDERS);
            }
        }
        if (PLACEHOLDER.matcher(chosen).replaceAll("").matches(".*[{}].*")) {
            throw new IllegalArgumentException("unbalanced brace in key template " + chosen);
        }
        try {
            render(chosen, name -> "x");
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() + ": template " + chosen);
        }
        return chosen;
    }

    private static String render(String template, Function<String, String> values) {
        String key = PLACEHOLDER.matcher(template)
                .replaceAll(m -> Matcher.quoteReplacement(values.apply(m.group(1))));
        return requireSafe(key);
    }

    /** Refuses any key that could leave the archive's prefix or name a folder. */
    private static String requireSafe(String key) {
        boolean unsafe = key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("//")
                || key.contains("\\") || key.chars().anyMatch(Character::isISOControl);
        for (String segment : key.split("/")) {
            unsafe |= segment.equals("..") || segment.equals(".");
        }
        if (unsafe) {
            throw new IllegalStateException("the key would leave its prefix");
        }
        return key;
    }

    private static String audioExtension(String audioUrl) {
        if (audioUrl == null) {
            return DEFAULT_AUDIO_EXTENSION;
        }
        try {
            String path = String.valueOf(new URI(audioUrl).getPath());
            String name = path.substring(path.lastIndexOf('/') + 1);
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            return AUDIO_EXTENSIONS.contains(extension) ? extension : DEFAULT_AUDIO_EXTENSION;
        } catch (URISyntaxException e) {
            return DEFAULT_AUDIO_EXTENSION;
        }
    }

    /**
     * An id as one key segment, {@value #UNKNOWN} when absent. The intake holds deliveries whose ids
     * are not safe ({@link #unusableId}); this refuses any that reach a key another way (the REST API).
     */
    private static String segment(String id, String name) {
        if (id != null && !SAFE_SEGMENT.matcher(id).matches()) {
            throw new IllegalStateException("the " + name + " cannot be part of an object key");
        }
        return valueOrUnknown(id);
    }

    private static String valueOrUnknown(String value) {
        return value == null ? UNKNOWN : value;
    }
}
