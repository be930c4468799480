package io.github.meteorjob.it.release;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bom/pom.xml has no parent (so that importing it brings no test libraries), which means its versions are copies
 * of the root pom's: this keeps them equal, and keeps the BOM free of anything but what applications run with.
 */
class BomTest {

    private static Element root(String path) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document d = f.newDocumentBuilder().parse(new File(path));
        return d.getDocumentElement();
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> props = new LinkedHashMap<>();
        NodeList list = child(project, "properties").getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element p) {
                props.put(p.getTagName(), p.getTextContent().trim());
            }
        }
        return props;
    }

    @Test
    void bomVersionsAreTheBuildsVersions() throws Exception {
        Element parent = root("../pom.xml");
        Element bom = root("../bom/pom.xml");
        assertThat(child(bom, "parent")).as("the BOM must not inherit the build's dependencyManagement").isNull();
        assertThat(child(bom, "version").getTextContent()).isEqualTo(child(parent, "version").getTextContent());

        Map<String, String> parentProps = properties(parent);
        Map<String, String> bomProps = properties(bom);
        List<String> versions = new ArrayList<>();
        bomProps.forEach((name, value) -> {
            if (name.endsWith(".version")) {
                versions.add(name);
                assertThat(value).as("bom property %s equals the root pom's", name).isEqualTo(parentProps.get(name));
            }
        });
        assertThat(versions).contains("tyrus.version", "yasson.version", "parsson.version", "weld.version",
                "weld.cdi-api.version");
        assertThat(bomProps.get("project.build.outputTimestamp"))
                .isEqualTo(parentProps.get("project.build.outputTimestamp"));
    }

    @Test
    void bomPinsNoTestLibraries() throws Exception {
        Element bom = root("../bom/pom.xml");
        NodeList deps = child(child(bom, "dependencyManagement"), "dependencies").getElementsByTagName("dependency");
        List<String> managed = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String ga = child(d, "groupId").getTextContent() + ":" + child(d, "artifactId").getTextContent();
            managed.add(ga);
            if (!ga.equals("jakarta.platform:jakarta.jakartaee-bom")) {   // Jakarta EE APIs only: no test libraries
                assertThat(child(d, "scope")).as("no import/test scope in the BOM for %s", ga).isNull();
            }
        }
        assertThat(managed).contains("io.github.meteorjob:meteor-job-api", "io.github.meteorjob:meteor-job-wire",
                "io.github.meteorjob:meteor-job-impl", "io.github.meteorjob:meteor-job-se",
                "io.github.meteorjob:meteor-job-server");
        assertThat(managed).noneMatch(ga -> ga.startsWith("org.junit") || ga.contains("assertj")
                || ga.contains("awaitility") || ga.contains("arquillian") || ga.contains("jqwik"));
    }
}
