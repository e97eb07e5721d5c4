"""The certificate renderer, at the contract level so that the desk (printing) and HQ (a
certificate's download link, issue 18 item 5) make the same PDF from the same page data: the PDF
writer, text fitting, QR codes, templates and the certificate page. The desk's data gathering
stays in desktop/core/documents and desktop/core/certificates."""
