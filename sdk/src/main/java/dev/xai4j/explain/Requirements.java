package dev.xai4j.explain;

import dev.xai4j.model.GradientRules;

import java.util.HashSet;
import java.util.Set;

/**
 * What an explainer needs from the shared pass: forward values of some capture points and gradients
 * (of the target logit) of some. The engine unions the requirements of every requested method and
 * runs one forward pass, plus one backward pass if any gradient is needed.
 *
 * <p>Methods that need modified gradients (LRP rules) name them: the engine runs one pass per set
 * of rules in a request, each serving every method that asked for those rules.
 *
 * @param captures  capture points whose forward values are needed
 * @param gradients capture points whose gradients are needed
 * @param rules     the gradient rules of the pass
 */
public record Requirements(Set<String> captures, Set<String> gradients, GradientRules rules) {

    public Requirements {
        captures = Set.copyOf(captures);
        gradients = Set.copyOf(gradients);
        rules = rules == null ? GradientRules.STANDARD : rules;
    }

    /** Requirements of a plain-gradient pass. */
    public Requirements(Set<String> captures, Set<String> gradients) {
        this(captures, gradients, GradientRules.STANDARD);
    }

    /** Nothing from the shared pass (methods that run passes of their own). */
    public static Requirements none() {
        return new Requirements(Set.of(), Set.of());
    }

    /** Forward values only. */
    public static Requirements captures(Set<String> captures) {
        return new Requirements(captures, Set.of());
    }

    /** The union of two requirements of the same rules. */
    public Requirements and(Requirements other) {
        if (other.rules != rules) {
            throw new IllegalArgumentException("cannot merge passes of " + rules + " and " + other.rules);
        }
        Set<String> c = new HashSet<>(captures);
        c.addAll(other.captures);
        Set<String> g = new HashSet<>(gradients);
        g.addAll(other.gradients);
        return new Requirements(c, g, rules);
    }
}
