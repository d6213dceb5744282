package dev.xai4j.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/**
 * Root view ({@code /}) of the xai4j web UI: compares the explanations (saliency maps) that
 * several methods produce for one image and one classifier.
 *
 * <p>For now it shows only a title and a placeholder; the comparison grid arrives once the
 * server is wired to the SDK.
 */
@Route("")
@PageTitle("xai4j — explanation comparison")
public class ComparisonView extends VerticalLayout {

    /** Title shown at the top of the view. */
    public static final String TITLE = "xai4j — explanation comparison";

    /** Creates the view with its title and placeholder text. */
    public ComparisonView() {
        H1 title = new H1(TITLE);
        title.setId("title");
        Paragraph placeholder = new Paragraph(
                "Upload an image and pick a model to compare explanation methods side by side. "
                        + "(Not available yet.)");
        placeholder.setId("placeholder");
        add(title, placeholder);
        setPadding(true);
    }
}
