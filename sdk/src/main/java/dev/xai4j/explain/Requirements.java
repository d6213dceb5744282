package dev.xai4j.explain;

import java.util.HashSet;
import java.util.Set;

/**
 * What an explainer needs from the shared pass: forward values of some capture points and gradients
 * (of the target logit) of some. The engine unions the requirements of every requested method and
 * runs one forward pass, plus one backward pass if any gradient is needed.
 *
 * @param captures  capture points whose forward values are needed
 * @param gradients capture points whose gradients are needed
 */
public record Requirements(Set<String> captures, Set<String> gradients) {

    public Requirements {
        captures = Set.copyOf(captures);
        gradients = Set.copyOf(gradients);
    }

    /** Nothing from the shared pass (methods that run passes of their own). */
    public static Requirements none() {
        return new Requirements(Set.of(), Set.of());
    }

    /** Forward values only. */
    public static Requirements captures(Set<String> captures) {
        return new Requirements(captures, Set.of());
    }

    /** The union of two requirements. */
    public Requirements and(Requirements other) {
        Set<String> c = new HashSet<>(captures);
        c.addAll(other.captures);
        Set<String> g = new HashSet<>(gradients);
        g.addAll(other.gradients);
        return new Requirements(c, g);
    }
}
