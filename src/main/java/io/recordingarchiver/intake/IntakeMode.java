package io.recordingarchiver.intake;

import java.util.Locale;

/**
 * How recordings reach the archiver ({@code archiver.intake.mode}). RealtimeKit documents two ways
 * to track recordings: its webhook, and polling its REST API.
 */
public enum IntakeMode {
    /** Only the webhook on the public port; no scheduled listing. */
    WEBHOOK(true, false, false),
    /** Only the REST API's list, read every {@code archiver.poll.interval}; the public port stays closed. */
    POLLING(false, false, true),
    /** The webhook, plus the scheduled reconciliation of UPLOADED recordings whose webhook never arrived. */
    BOTH(true, true, false);

    private final boolean webhook;
    private final boolean reconciles;
    private final boolean polls;

    IntakeMode(boolean webhook, boolean reconciles, boolean polls) {
        this.webhook = webhook;
        this.reconciles = reconciles;
        this.polls = polls;
    }

    /**
     * The mode a setting names, case-insensitive.
     *
     * @throws IllegalArgumentException naming the setting and the three values, for anything else
     */
    public static IntakeMode parse(String value) {
        String text = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (IntakeMode mode : values()) {
            if (mode.name().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("the setting archiver.intake.mode must be webhook, polling or both, not '"
                + value + "'");
    }

    /** True when the public port listens for webhook deliveries. */
    public boolean webhook() {
        return webhook;
    }

    /** True when the scheduled reconciliation runs (it also needs an API token). */
    public boolean reconciles() {
        return reconciles;
    }

    /** True when the REST API's list is polled for every status. */
    public boolean polls() {
        return polls;
    }

    /** The setting's value, lower case. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
