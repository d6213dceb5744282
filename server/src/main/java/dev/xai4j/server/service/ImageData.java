package dev.xai4j.server.service;

/**
 * An encoded image as received, not yet decoded.
 *
 * @param field where it came from in the request ({@code image}, {@code images[2]}), for messages
 * @param bytes the encoded bytes
 */
public record ImageData(String field, byte[] bytes) {
}
