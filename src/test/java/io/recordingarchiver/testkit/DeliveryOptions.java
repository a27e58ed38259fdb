package io.recordingarchiver.testkit;

import java.util.Optional;

/**
 * Variants of one webhook delivery. {@link #defaults()}: {@code rtk-} headers, a new random delivery
 * uuid, the stand-in's webhook id, a valid signature, {@code application/json}.
 */
public final class DeliveryOptions {

    private String headerPrefix = "rtk-";
    private String deliveryUuid;
    private String webhookId;
    private boolean signed = true;
    private String signature;
    private String contentType = "application/json";

    private DeliveryOptions() {
    }

    /** The options of a plain, correctly signed delivery. */
    public static DeliveryOptions defaults() {
        return new DeliveryOptions();
    }

    /** Names the headers {@code dyte-signature}, {@code dyte-uuid}, {@code dyte-webhook-id}, as seen in 2026. */
    public DeliveryOptions dytePrefix() {
        return headerPrefix("dyte-");
    }

    /** Uses {@code prefix} (e.g. {@code "RTK-"}) in front of {@code signature}, {@code uuid}, {@code webhook-id}. */
    public DeliveryOptions headerPrefix(String prefix) {
        headerPrefix = prefix;
        return this;
    }

    /** Sends this delivery id instead of a new random UUID (to replay a delivery). */
    public DeliveryOptions deliveryUuid(String uuid) {
        deliveryUuid = uuid;
        return this;
    }

    /** Sends this webhook configuration id instead of the stand-in's. */
    public DeliveryOptions webhookId(String id) {
        webhookId = id;
        return this;
    }

    /** Sends no signature header at all. */
    public DeliveryOptions unsigned() {
        signed = false;
        return this;
    }

    /** Sends {@code value} as the signature header instead of the real signature. */
    public DeliveryOptions signature(String value) {
        signature = value;
        return this;
    }

    /** Sends this {@code Content-Type} instead of {@code application/json}. */
    public DeliveryOptions contentType(String value) {
        contentType = value;
        return this;
    }

    String headerPrefix() {
        return headerPrefix;
    }

    Optional<String> deliveryUuid() {
        return Optional.ofNullable(deliveryUuid);
    }

    Optional<String> webhookId() {
        return Optional.ofNullable(webhookId);
    }

    boolean isSigned() {
        return signed;
    }

    Optional<String> signature() {
        return Optional.ofNullable(signature);
    }

    String contentType() {
        return contentType;
    }
}
