package jouvence.web;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Map;

/**
 * The pages' templates (jouvence/web/templates/*.html, Thymeleaf in HTML mode): every {@code th:text} and
 * attribute value is escaped by the engine, and {@code #{key(args)}} reads our {@link Messages} in the page language.
 */
public final class Views {

    private static final TemplateEngine ENGINE = engine();

    private Views() {
    }

    /** Renders {@code template} with these values, its texts in {@code m}'s language. */
    public static String render(String template, Messages m, Map<String, Object> values) {
        return ENGINE.process(template, new Context(m.locale(), values));
    }

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver(Views.class.getClassLoader());
        templates.setPrefix("jouvence/web/templates/");
        templates.setSuffix(".html");
        templates.setTemplateMode(TemplateMode.HTML);
        templates.setCharacterEncoding("UTF-8");
        templates.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(templates);
        engine.setMessageResolver(new BundleMessages());
        return engine;
    }

    /** {@code #{key(args)}}: our messages_*.properties through {@link Messages#t} (no MessageFormat). */
    static final class BundleMessages implements IMessageResolver {

        @Override
        public String getName() {
            return "jouvence";
        }

        @Override
        public Integer getOrder() {
            return 0;
        }

        @Override
        public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] args) {
            return Messages.of(context.getLocale().getLanguage()).t(key, args == null ? new Object[0] : args);
        }

        @Override
        public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key,
                                                        Object[] args) {
            return key;
        }
    }
}
