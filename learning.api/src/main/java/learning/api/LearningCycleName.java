package learning.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that publishes {@link ServiceProperties#CYCLE_NAME} on a
 * {@code LearningCycle} service: {@code @LearningCycleName("weights")}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LearningCycleName {
    /** @return the cycle's name, one of the names in {@code learning.api.cycle.CycleNames} or a new one */
    String value();
}
