package io.recordingarchiver;

import java.util.concurrent.TimeUnit;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The root of the declared wiring: the typed settings every stage reads, the {@code {{millis:...}}}
 * placeholder function of the routes and the shutdown timeout. The beans themselves come from one
 * configuration class per stage ({@code dispatch.DispatchBeans}, {@code archive.ArchiveBeans},
 * {@code intake.IntakeBeans}, {@code transfer.TransferBeans}, {@code operate.OperateBeans}), which
 * {@link App} hands to camel-main in that order, after this one.
 *
 * <p>How camel-main 4.18 runs them (read in its sources and checked on a running {@code Main}):
 * <ul>
 * <li>All configurations are bean-post-processed first, in the order they were added, and only then
 *     is {@code configure(CamelContext)} called on each, in the same order; routes are read after
 *     that. So a {@code @BindToRegistry} method can use beans bound by an <em>earlier</em>
 *     configuration class, and {@code configure} can look up any bean, and what it registers
 *     (the {@code millis} function below) exists before the routes are read.</li>
 * <li>{@code addConfiguration(Class)} makes camel-main create the instance with its injector, which
 *     already post-processes it, and post-process it again in {@code loadConfigurations}: every
 *     {@code @BindToRegistry} method then runs twice (two connection pools, two embedded stores).
 *     {@code App} therefore adds <em>instances</em>, which are post-processed once.</li>
 * <li>Within one class the methods returning {@code java.*} types run first, then the others;
 *     among those, methods without parameters first, then methods whose parameter types no other
 *     method with parameters returns, then the rest. A bean may use a bean of its own class one
 *     step deep, no deeper (a chain {@code a() -> b(A) -> c(B) -> d(C)} has no guaranteed order).</li>
 * <li>A method parameter is the {@code CamelContext}, the {@code Registry}, the {@code TypeConverter},
 *     the value of {@code @PropertyInject("key")} (converted to the parameter's type), the bean
 *     named by {@code @BeanInject("name")}, or else the one bean of its type in the registry
 *     (none or several: the start stops). A method returning {@code null} binds nothing.</li>
 * <li>{@code lazy = true} binds a supplier that calls the method on the first lookup, once; nothing
 *     here is lazy (the routes look every bean up while they are built anyway).
 *     {@code beanPostProcess} is false by default: a returned bean's own annotations are not
 *     processed; only a {@code CamelContextAware} one gets the context. None of ours needs more.</li>
 * </ul>
 *
 * <p>Text settings (URLs, templates, names, tokens) are {@code @PropertyInject} parameters: Camel
 * resolves them like any placeholder (environment variable first) and names a missing one.
 * Numbers, byte sizes, booleans and durations come from {@link Settings} (the {@code settings}
 * bean bound here): Camel's own converters would stop the start without naming a malformed setting,
 * and its String-to-Duration converter also takes {@code 5000} as milliseconds and {@code 10s},
 * which would undo the one ISO-8601 style, and cannot read the retired {@code -ms}/{@code -seconds}
 * names with their WARN.
 */
public class ArchiverConfiguration implements CamelConfiguration {

    /** Typed access to the {@code archiver.*} settings, for the stages' configuration classes. */
    @BindToRegistry("settings")
    public Settings settings(CamelContext context) {
        return new Settings(context);
    }

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        // {{millis:<duration setting>}} in the routes: configure() runs before they are read
        context.getPropertiesComponent().addPropertiesFunction(DurationFunction.millis(settings));
        // what a stopping process (SIGTERM) gives running transfers; set here, after camel.main.* is bound
        context.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        context.getShutdownStrategy().setTimeout(settings.duration("archiver.shutdown.timeout").toMillis());
    }
}
