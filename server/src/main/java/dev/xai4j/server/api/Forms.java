package dev.xai4j.server.api;

import dev.xai4j.server.service.InvalidRequestException;

import java.util.Locale;

/** Typed multipart form fields, parsed here so that a bad value is a 400 naming the field. */
final class Forms {

    private Forms() {
    }

    static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(field, field + " must be an integer, got '" + value + "'");
        }
    }

    static Double number(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(field, field + " must be a number, got '" + value + "'");
        }
    }

    static Boolean bool(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String w = value.trim().toLowerCase(Locale.ROOT);
        if (!w.equals("true") && !w.equals("false")) {
            throw InvalidRequestException.of(field, field + " must be true or false, got '" + value + "'");
        }
        return Boolean.valueOf(w);
    }
}
