package dev.xai4j.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLGenerator;
import org.nd4j.shade.yaml.snakeyaml.DumperOptions;

/**
 * ND4J's shaded Jackson YAML generator (jackson-dataformat-yaml 2.13) calls
 * {@code DumperOptions.setIndentWithIndicator}, which the snakeyaml it is shaded with (1.26) does not
 * have. The JVM never notices (nothing in xai4j writes YAML), but native-image links every call it
 * can reach at build time and stops there. This replaces the generator's options builder with the
 * same code minus that call; the one feature lost is {@code INDENT_ARRAYS_WITH_INDICATOR}.
 */
@TargetClass(YAMLGenerator.class)
final class YamlGeneratorSubstitution {

    @Alias
    protected int _formatFeatures;

    private YamlGeneratorSubstitution() {
    }

    @Substitute
    protected DumperOptions buildDumperOptions(int jsonFeatures, int yamlFeatures, DumperOptions.Version version) {
        DumperOptions opt = new DumperOptions();
        if (YAMLGenerator.Feature.CANONICAL_OUTPUT.enabledIn(_formatFeatures)) {
            opt.setCanonical(true);
        } else {
            opt.setCanonical(false);
            opt.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        }
        opt.setSplitLines(YAMLGenerator.Feature.SPLIT_LINES.enabledIn(_formatFeatures));
        if (YAMLGenerator.Feature.INDENT_ARRAYS.enabledIn(_formatFeatures)) {
            opt.setIndicatorIndent(1);
            opt.setIndent(2);
        }
        if (YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR.enabledIn(_formatFeatures)) {
            opt.setIndicatorIndent(2); // setIndentWithIndicator(true) left out: not in the shaded snakeyaml
        }
        if (YAMLGenerator.Feature.USE_PLATFORM_LINE_BREAKS.enabledIn(_formatFeatures)) {
            opt.setLineBreak(DumperOptions.LineBreak.getPlatformLineBreak());
        }
        return opt;
    }
}
