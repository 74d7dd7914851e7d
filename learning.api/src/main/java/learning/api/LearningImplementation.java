package learning.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that publishes {@link ServiceProperties#IMPLEMENTATION}:
 * {@code @LearningImplementation("hedge")} on a component gives its services the property
 * {@code learning.implementation=hedge}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LearningImplementation {
    /** @return the implementation's short name: lower case letters, digits and dashes */
    String value();
}
