package dev.xai4j.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;

/**
 * Application shell of the xai4j web UI: page-level settings shared by every view.
 *
 * <p>Deliberately uses no custom theme or frontend resources so that Vaadin's precompiled
 * production bundle can be used as is (no npm at build time).
 */
@Meta(name = "description", content = "xai4j: explanations for image classifiers on the JVM")
public class AppShell implements AppShellConfigurator {

    private static final long serialVersionUID = 1L;
}
