package org.agencyverify.provisioning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** Every resource under /scim is behind the SCIM credential: one that forgot {@link ScimApi} would be open to anyone. */
class ScimResourcesTest {

    private static final DescribedPredicate<JavaClass> UNDER_SCIM = new DescribedPredicate<>("are served under /scim") {
        @Override
        public boolean test(JavaClass c) {
            return c.isAnnotatedWith(Path.class) && c.getAnnotationOfType(Path.class).value().startsWith("/scim");
        }
    };

    @Test
    void everyScimResourceNeedsTheScimCredential() {
        classes().that(UNDER_SCIM).should().beAnnotatedWith(ScimApi.class)
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.agencyverify"));
    }
}
