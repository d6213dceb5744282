package dev.xai4j.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.image.RgbImage;
import dev.xai4j.render.HeatmapRenderer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a page gets its image: upload (or drop) a file, decoded by the backend off the UI thread, or
 * click one of the generated sample scenes (the same scenes on every visit, drawn at the model's
 * input size). The chosen sample is outlined (choosing it again changes nothing); a line below names
 * the image and its size, and says when an upload was scaled down to be kept. An image much smaller
 * than the model's input gets a warning: the model sees it blown up, and its prediction says little.
 * Files are judged by their content (the decoder's message is shown when it refuses one); the file
 * chooser offers images only.
 *
 * <p>For tests: the samples are {@code #samples img[data-sample=i]}, the upload is {@code #upload},
 * the line {@code #image-info}, the warning {@code #image-warning}.
 */
final class ImagePicker extends Div {

    private static final long serialVersionUID = 1L;
    /** Sample scenes offered. */
    static final int SAMPLES = 6;
    /** Seed of the sample scenes: the same scenes on every visit. */
    static final long SAMPLE_SEED = 2024;
    /** Uploads larger than this are shrunk before they are kept. */
    static final int KEEP_MAX = 2048;
    /** Images with a side shorter than this get a warning. */
    static final int TINY = 32;
    private static final String CSS = """
            .xai-sample:hover { filter: brightness(1.1); }
            .xai-sample:focus-visible { outline: 2px solid var(--lumo-primary-color) !important; }
            """;

    /** What the page does with a chosen image. */
    interface Listener extends Serializable {
        /**
         * An image was chosen.
         *
         * @param name   file name or sample name
         * @param image  the decoded image (uploads over {@link #KEEP_MAX} pixels shrunk)
         * @param sample the sample's index, or −1 for an upload
         */
        void picked(String name, RgbImage image, int sample);
    }

    private final transient ComparisonBackend backend;
    private final PendingWork work;
    private final Listener listener;
    private final Upload upload = new Upload();
    private final Div samples = new Div();
    private final Span info = new Span();
    private final Span warning = new Span();
    /** The model's input side, which tiny images are enlarged to. */
    private int modelSide;
    /** The last upload's name and its size before it was scaled down to be kept, or null. */
    private String scaledName;
    private String scaledFrom;
    private List<Scene> scenes = List.of();
    /** The line under the samples for the image shown, restored when an upload fails. */
    private String shown = "";
    /** The image the page shows now (null before the first), its name and sample index (−1: upload). */
    private RgbImage current;
    private String currentName;
    private int currentSample;

    ImagePicker(ComparisonBackend backend, PendingWork work, Listener listener) {
        this.backend = backend;
        this.work = work;
        this.listener = listener;
        upload.setId("upload");
        upload.setMaxFiles(1);
        upload.setDropAllowed(true);
        // any image type reaches the server, whose decoder judges the content and names what it refuses
        upload.setAcceptedFileTypes("image/*", ".png", ".jpg", ".jpeg", ".bmp", ".gif");
        upload.setWidthFull();
        UploadI18N i18n = new UploadI18N();
        i18n.setAddFiles(new UploadI18N.AddFiles().setOne("Choose image…"));
        i18n.setDropFiles(new UploadI18N.DropFiles().setOne("or drop one here"));
        i18n.setError(new UploadI18N.Error().setTooManyFiles("One image at a time.")
                .setFileIsTooBig("The image is larger than the limit.")
                .setIncorrectFileType("Not an image file (PNG, JPEG, BMP or GIF)."));
        upload.setI18n(i18n);
        upload.getStyle().set("padding", "6px").set("box-sizing", "border-box");
        upload.addFileRejectedListener(e -> {
            String msg = e.getErrorMessage();
            boolean big = msg != null && msg.toLowerCase(Locale.ROOT).contains("larger");
            Blocks.notifyError(big ? "Image too large" : "Not an image file",
                    e.getFileName() + ": " + (big ? "larger than the limit of " + megabytes(backend.maxImageBytes())
                            : "not an image file; only PNG, JPEG, BMP and GIF images can be explained."));
        });

        samples.setId("samples");
        samples.getStyle().set("display", "grid").set("grid-template-columns", "repeat(3, 1fr)").set("gap", "6px");

        info.setId("image-info");
        info.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("overflow-wrap", "anywhere");

        warning.setId("image-warning");
        warning.getElement().setAttribute("role", "status");
        warning.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-warning-text-color, #8a5a00)")
                .set("background", "var(--lumo-warning-color-10pct, #fff4e0)").set("border-radius", "var(--lumo-border-radius-s)")
                .set("padding", "2px 6px");
        warning.setVisible(false);

        add(Blocks.sectionHeading("Image"), upload, Blocks.sectionHint("Samples (generated scenes)"), samples, info, warning);
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "6px");
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (!event.isInitialAttach()) {
            return;
        }
        Blocks.css(event.getUI(), "xai4j-picker-style", CSS);
        upload.setUploadHandler(UploadHandler.inMemory((meta, bytes) -> event.getUI().access(() -> received(meta.fileName(), bytes))));
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, backend.maxImageBytes()));
    }

    /** (Re)draws the sample scenes at {@code size} pixels: the model's input size, at least 32. */
    void samples(int size) {
        modelSide = size;
        SceneGenerator gen = new SceneGenerator(SAMPLE_SEED, Math.max(32, size));
        List<Scene> list = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            list.add(i < SAMPLES - 2 ? gen.scene(i) : gen.twoObjectScene(i));
        }
        scenes = list;
        samples.removeAll();
        for (int i = 0; i < scenes.size(); i++) {
            int index = i;
            Scene s = scenes.get(i);
            Image thumb = new Image(Pictures.dataUrl(HeatmapRenderer.png(Pictures.fit(s.image(), 160))),
                    sampleName(i) + ": " + shapes(s) + " on a textured background");
            thumb.addClassName("xai-sample");
            thumb.getElement().setAttribute("data-sample", String.valueOf(i));
            thumb.getElement().setAttribute("role", "button");
            thumb.getElement().setAttribute("tabindex", "0");
            thumb.setTitle(sampleName(i) + " (" + shapes(s) + ")");
            thumb.getStyle().set("width", "100%").set("aspect-ratio", "1 / 1").set("cursor", "pointer")
                    .set("border-radius", "var(--lumo-border-radius-s)").set("box-sizing", "border-box")
                    .set("display", "block");
            thumb.addClickListener(e -> chooseSample(index));
            thumb.getElement().addEventListener("keydown", e -> chooseSample(index))
                    .setFilter("event.key === 'Enter' || event.key === ' '");
            samples.add(thumb);
        }
    }

    /** The user chose sample {@code index}: nothing to do when it is the image shown. */
    private void chooseSample(int index) {
        if (current == null || currentSample != index) {
            useSample(index);
        }
    }

    /** Chooses sample {@code index} (ignored when out of range). */
    void useSample(int index) {
        if (index >= 0 && index < scenes.size()) {
            listener.picked(sampleName(index), scenes.get(index).image(), index);
        }
    }

    /**
     * Chooses the image again, for a new model: an upload as it is, a sample redrawn at the model's
     * size (call {@link #samples} first). The first time, the image chosen last on any page of this
     * session ({@link LastChoice}), else sample 1; or, the first time, sample {@code preferred} when
     * given (a shared link).
     */
    void repick(Integer preferred) {
        if (current == null && preferred != null && preferred >= 0 && preferred < scenes.size()) {
            useSample(preferred);
            return;
        }
        if (current != null) {
            if (currentSample < 0) {
                listener.picked(currentName, current, -1);
            } else {
                useSample(currentSample);
            }
            return;
        }
        LastChoice last = LastChoice.recall().filter(c -> c.image() != null).orElse(null);
        if (last != null && last.uploaded()) {
            listener.picked(last.name(), last.image(), -1);
        } else {
            useSample(last != null ? last.sample() : 0);
        }
    }

    /** Shows which image the page uses now: outlines its sample (none for an upload) and names it. */
    void mark(String name, RgbImage image, int sample) {
        current = image;
        currentName = name;
        currentSample = sample;
        shown = name + " · " + image.width() + " × " + image.height() + " px"
                + (sample < 0 && name.equals(scaledName) ? ", scaled down from " + scaledFrom + " to be explained" : "");
        info.setText(shown);
        int side = Math.min(image.width(), image.height());
        if (sample < 0 && side < TINY) {
            int target = Math.max(modelSide, TINY);
            warning.setText("Tiny image (" + image.width() + " × " + image.height() + " px): the model sees it enlarged about "
                    + Math.round((double) target / side) + "× to its " + target + " px input, so its prediction says "
                    + "little about it.");
            warning.setVisible(true);
        } else {
            warning.setVisible(false);
        }
        samples.getChildren().forEach(c -> {
            boolean on = c.getElement().getAttribute("data-sample").equals(String.valueOf(sample));
            c.getElement().getStyle().set("outline", on ? "3px solid var(--lumo-primary-color)" : "none")
                    .set("outline-offset", "-3px");
        });
    }

    /** The sample shown (index from 0), or −1 for an upload or before any image. */
    int currentSample() {
        return current == null ? -1 : currentSample;
    }

    static String sampleName(int i) {
        return "sample " + (i + 1);
    }

    private static String shapes(Scene s) {
        return s.objects().stream().map(o -> o.shape().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" + "));
    }

    /** An upload arrived (on the UI thread): decode it off the UI thread. */
    private void received(String fileName, byte[] bytes) {
        String name = fileName == null || fileName.isBlank() ? "upload" : fileName;
        info.setText("Reading " + name + "…");
        work.run(() -> {
            RgbImage d = backend.decode(name, bytes);
            return new RgbImage[]{d, Pictures.atMost(d, KEEP_MAX)};
        }, both -> {
            upload.clearFileList();
            RgbImage decoded = both[0];
            RgbImage image = both[1];
            boolean scaled = image.width() != decoded.width();
            scaledName = scaled ? name : null;
            scaledFrom = scaled ? decoded.width() + " × " + decoded.height() + " px" : null;
            listener.picked(name, image, -1);
        }, e -> {
            upload.clearFileList();
            info.setText(shown);
            Blocks.report(e);
        });
    }

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1 << 20)) : bytes + " bytes";
    }
}
