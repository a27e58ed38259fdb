package io.recordingarchiver.event;

import java.util.regex.Pattern;

/** Turns a file name from a payload into one safe path segment for an object key. */
public final class FileNames {

    public static final int MAX_LENGTH = 200;
    private static final int MAX_EXTENSION_LENGTH = 16;
    private static final Pattern LEADING = Pattern.compile("^[.\\s\\p{Z}]+");
    private static final Pattern TRAILING = Pattern.compile("[\\s\\p{Z}]+$");

    private FileNames() {
    }

    /**
     * Keeps the last path segment, drops control and format characters and every {@code ..},
     * strips leading dots and surrounding whitespace, and shortens to {@value #MAX_LENGTH}
     * characters keeping the extension. Returns "" when nothing is left.
     */
    public static String sanitise(String raw) {
        if (raw == null) {
            return "";
        }
        String name = lastSegment(raw);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        while (name.contains("..")) {
            name = name.replace("..", "");
        }
        name = TRAILING.matcher(LEADING.matcher(name).replaceFirst("")).replaceFirst("");
        return shorten(name);
    }

    private static String lastSegment(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }

    private static String shorten(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION_LENGTH ? name.substring(dot) : "";
        int end = MAX_LENGTH - extension.length();
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--;
        }
        // a head ending in a dot would meet the extension's dot: "a." + ".mp4" is "a..mp4" (found by IntakeFuzzTest)
        if (name.charAt(end - 1) == '.' && !extension.isEmpty()) {
            end--;
        }
        return name.substring(0, end) + extension;
    }
}
