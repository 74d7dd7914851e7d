/**
 * Price sources: a ranked whiteboard of {@link learning.api.price.PriceSource} services (local bars first, then remote sources).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.price;
