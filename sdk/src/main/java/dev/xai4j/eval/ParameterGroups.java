package dev.xai4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's parameters in the groups that cascading randomisation replaces one at a time, found from
 * the parameter names alone (never from the architecture): a name with an indexed block in it
 * ({@code blocks.3.attn.q.weight}, {@code layer2.1.conv1.weight}) belongs to that block; runs of other
 * names between blocks form one group each ({@code patch_embed+cls_token+pos_embed},
 * {@code conv1+bn1}, {@code norm+head}, {@code fc}), named by their distinct first components.
 */
final class ParameterGroups {

    private static final Pattern BLOCK = Pattern.compile("^(.*?\\.\\d+)\\.");

    private ParameterGroups() {
    }

    /**
     * The groups from the output end to the input end: the cascade's order.
     *
     * @param names parameter names in graph order, input end first
     * @return group name → its parameter names, classifier first
     */
    static Map<String, Set<String>> cascade(List<String> names) {
        List<String> groupNames = new ArrayList<>();
        List<Set<String>> groups = new ArrayList<>();
        String currentKey = null;
        for (String n : names) {
            Matcher m = BLOCK.matcher(n);
            String key = m.find() ? m.group(1) : "";
            if (groups.isEmpty() || !key.equals(currentKey)) {
                groups.add(new LinkedHashSet<>());
                groupNames.add(key);
                currentKey = key;
            }
            groups.get(groups.size() - 1).add(n);
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (int i = groups.size() - 1; i >= 0; i--) {
            String name = groupNames.get(i).isEmpty() ? firstComponents(groups.get(i)) : groupNames.get(i);
            while (out.containsKey(name)) {
                name = name + "'";
            }
            out.put(name, groups.get(i));
        }
        return out;
    }

    private static String firstComponents(Set<String> names) {
        Set<String> first = new LinkedHashSet<>();
        for (String n : names) {
            int dot = n.indexOf('.');
            first.add(dot < 0 ? n : n.substring(0, dot));
        }
        return String.join("+", first);
    }
}
