package dev.xai4j.explain;

/**
 * A request the explainers cannot serve: an unknown method or parameter, a value of the wrong type
 * or out of range, or a method that does not apply to the model. {@link #parameter()} names the
 * offending parameter ({@code method} for the method itself, {@code target} for the target).
 */
public class ParameterException extends IllegalArgumentException {

    private final String parameter;

    public ParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter at fault. */
    public String parameter() {
        return parameter;
    }
}
