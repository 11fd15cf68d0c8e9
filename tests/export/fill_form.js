// mutool run fill_form.js IN.pdf OUT.pdf JSON: fill a form the way a person does in a
// MuPDF-based reader, field by field (found by the label a reader shows), letting MuPDF
// regenerate each field's appearance. JSON maps labels to the text typed.
var doc = new PDFDocument(scriptArgs[0]);
var page = doc.loadPage(0);
var values = JSON.parse(scriptArgs[2]);
var widgets = page.getWidgets();
for (var i = 0; i < widgets.length; i++) {
  var label = widgets[i].getLabel();
  if (values[label] !== undefined) {
    widgets[i].setTextValue(values[label]);
    widgets[i].update();
  }
}
page.update();
doc.save(scriptArgs[1]);
