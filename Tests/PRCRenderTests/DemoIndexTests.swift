import Testing
@testable import PRCRender

@Suite struct DemoIndexTests {
    @Test func linksPointIntoEachRunFolderAndTextIsEscaped() {
        let page = DemoIndex(title: "demo <1>", lines: ["source: a & b"], entries: [
            DemoIndex.Entry(name: "onehot-4", description: "chain", metrics: [KeyValue("mean MSE", "3.1e-04")]),
            DemoIndex.Entry(name: "moving-mnist", description: "digits", metrics: []),
        ]).render()
        let links = HTMLReport.links(in: page).filter { !$0.hasPrefix("#") }
        #expect(Set(links) == ["onehot-4/index.html", "onehot-4/sheet.png", "onehot-4/strip.png",
                               "moving-mnist/index.html", "moving-mnist/sheet.png", "moving-mnist/strip.png"])
        #expect(page.contains("<title>demo &lt;1&gt;</title>"))
        #expect(page.contains("source: a &amp; b"))
        #expect(page.contains("<td class=\"num\">3.1e-04</td>"))
    }
}
