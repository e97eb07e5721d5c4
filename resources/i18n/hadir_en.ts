<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminPinDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/view.py" line="+58" />
        <source>PIN admin</source>
        <translation>Admin PIN</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Pengaturan dilindungi PIN admin. Minta admin memasukkan nama dan PIN.</source>
        <translation>The settings are protected by an admin PIN. Ask an admin to enter their name and PIN.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Nama admin</source>
        <translation>Admin &amp;name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;PIN</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Buka pengaturan</source>
        <translation>Open settings</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>BusyRow</name>
    <message>
        <location filename="../../desktop/ui/online/view.py" line="+61" />
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
</context>
<context>
    <name>CameraController</name>
    <message>
        <location filename="../../desktop/ui/checkin/camera.py" line="+142" />
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Baca kode QR undangan atau tanda nama, atau barcode NIP, dengan kamera laptop</source>
        <translation>Read an invitation's or name badge's QR code, or a NIP barcode, with the laptop's camera</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+25" />
        <source>Kamera tidak tersedia di instalasi ini.</source>
        <translation>The camera is not available in this installation.</translation>
    </message>
    <message>
        <location line="-18" />
        <source>Kamera menyala: arahkan kode QR atau barcode NIP ke kamera.</source>
        <translation>Camera on: hold the QR code or NIP barcode up to the camera.</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Tidak ada kamera. Pasang kamera, lalu tekan Kamera lagi.</source>
        <translation>No camera. Connect one, then press Camera again.</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Kamera tidak bisa dipakai: {reason}</source>
        <translation>The camera cannot be used: {reason}</translation>
    </message>
</context>
<context>
    <name>CertificatesController</name>
    <message>
        <location filename="../../desktop/ui/certificates/controller.py" line="+184" />
        <source>Semua peserta</source>
        <translation>All participants</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Layak</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Belum layak</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Layak, belum terbit</source>
        <translation>Eligible, not yet issued</translation>
    </message>
    <message>
        <location line="+24" />
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0" />
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+30" />
        <source>; daring minimal {minutes} menit</source>
        <translation>; online at least {minutes} minutes</translation>
    </message>
    <message>
        <location line="+6" />
        <source>{eligible} dari {total} peserta layak; {issued} sertifikat terbit{rule}</source>
        <translation>{eligible} of {total} participants eligible; {issued} certificates issued{rule}</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Sertifikat ganda (diterbitkan dua meja saat luring): {people}. Pertahankan satu, cabut yang lain dengan alasan.</source>
        <translation>Duplicate certificates (issued by two desks while offline): {people}. Keep one and revoke the other with a reason.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>diizinkan</source>
        <translation>allowed</translation>
    </message>
    <message>
        <location line="+0" />
        <source>ditahan</source>
        <translation>held back</translation>
    </message>
    <message>
        <location line="+63" />
        <source>Sertifikat yang dicabut tidak dapat dicetak.</source>
        <translation>A revoked certificate cannot be printed.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Pilih sertifikat yang sudah terbit untuk melihat pratinjaunya.</source>
        <translation>Choose an issued certificate to see its preview.</translation>
    </message>
    <message>
        <location line="+26" />
        <source>{number} · {width:.0f} × {height:.0f} mm. Kode QR adalah segel verifikasi, bukan tanda tangan elektronik (TTE).</source>
        <translation>{number} · {width:.0f} × {height:.0f} mm. The QR code is a verification seal, not an electronic signature (TTE).</translation>
    </message>
    <message>
        <location line="+42" />
        <location line="+237" />
        <source>Dihentikan. Tidak ada berkas yang ditulis.</source>
        <translation>Stopped. No file was written.</translation>
    </message>
    <message>
        <location line="-202" />
        <source>Menerbitkan sertifikat…</source>
        <translation>Issuing certificates…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{issued} sertifikat baru terbit; {existing} sudah ada.</source>
        <translation>{issued} new certificates issued; {existing} already existed.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Izinkan sertifikat</source>
        <translation>Allow a certificate</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Tahan sertifikat</source>
        <translation>Hold back a certificate</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alasan untuk {count} peserta (dicatat bersama nama operator):</source>
        <translation>Reason for {count} participant(s) (recorded with the operator's name):</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Izinkan</source>
        <translation>Allow</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Tahan</source>
        <translation>Hold back</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Menyimpan keputusan…</source>
        <translation>Saving the decision…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Keputusan untuk {count} peserta dicatat.</source>
        <translation>Decision recorded for {count} participant(s).</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Pilih sertifikat yang berlaku.</source>
        <translation>Choose a certificate in force.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cabut sertifikat</source>
        <translation>Revoke certificate</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Cabut {number} ({name})? Nomornya tidak dipakai lagi; pemeriksaan segel akan menyebut alasannya.</source>
        <translation>Revoke {number} ({name})? Its number is never used again; the seal check will give the reason.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Cabut</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Sertifikat {number} dicabut.</source>
        <translation>Certificate {number} revoked.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Mencabut…</source>
        <translation>Revoking…</translation>
    </message>
    <message>
        <location line="+59" />
        <location line="+220" />
        <source>{pages} halaman dikirim ke {printer}.</source>
        <translation>{pages} page(s) sent to {printer}.</translation>
    </message>
    <message>
        <location line="-214" />
        <location line="+219" />
        <source>Mencetak…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location line="-207" />
        <source>Simpan sertifikat sebagai PDF</source>
        <translation>Save certificates as PDF</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+219" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="-186" />
        <source>{pages} sertifikat disimpan ke {path}.</source>
        <translation>{pages} certificate(s) saved to {path}.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Membuat PDF…</source>
        <translation>Making the PDF…</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Tanda nama: {badges} peserta pada {pages} lembar A4.</source>
        <translation>Name badges: {badges} participants on {pages} A4 sheets.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Membuat tanda nama…</source>
        <translation>Making name badges…</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Simpan undangan</source>
        <translation>Save invitations</translation>
    </message>
    <message>
        <location line="+2" />
        <source>ZIP (*.zip)</source>
        <translation>ZIP (*.zip)</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Undangan {people} peserta disimpan ke {path}; {without} tanpa nomor WhatsApp yang bisa dipakai (lihat daftarnya).</source>
        <translation>Invitations for {people} participants saved to {path}; {without} without a usable WhatsApp number (see the list).</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Membuat undangan…</source>
        <translation>Making invitations…</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Undangan: {queued} baru diantrekan; {sent} terkirim, {failed} gagal, {pending} menunggu.</source>
        <translation>Invitations: {queued} newly queued; {sent} sent, {failed} failed, {pending} waiting.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Mengirim undangan…</source>
        <translation>Sending invitations…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Simpan daftar tautan unduh</source>
        <translation>Save the list of download links</translation>
    </message>
    <message>
        <location line="+2" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+17" />
        <source>{links} tautan unduh ({minted} baru) disimpan ke {path}; {without} tanpa nomor WhatsApp. Tautan berlaku setelah meja ini sinkron dengan kantor pusat.</source>
        <translation>{links} download links ({minted} new) saved to {path}; {without} without a WhatsApp number. The links work once this desk has synced with HQ.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Membuat tautan unduh…</source>
        <translation>Making download links…</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Simpan daftar hadir</source>
        <translation>Save attendance sheet</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Daftar hadir ({pages} halaman) disimpan ke {path}.</source>
        <translation>Attendance sheet ({pages} page(s)) saved to {path}.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Membuat daftar hadir…</source>
        <translation>Making the attendance sheet…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Ekspor kehadiran</source>
        <translation>Export attendance</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+18" />
        <source>{rows} baris diekspor ke {path}.</source>
        <translation>{rows} rows exported to {path}.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Mengekspor…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="-436" />
        <source>Pilih peserta terlebih dahulu.</source>
        <translation>Choose participants first.</translation>
    </message>
    <message>
        <location line="+106" />
        <source>Belum ada sertifikat yang terbit. Terbitkan terlebih dahulu.</source>
        <translation>No certificate has been issued yet. Issue them first.</translation>
    </message>
    <message>
        <location line="-14" />
        <source>Alamat kantor pusat belum diatur</source>
        <translation>HQ address not set</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Meja ini belum terhubung ke kantor pusat, jadi kode QR pada sertifikat memakai alamat bawaan {url}. Hubungkan meja dulu (layar Sinkronisasi) agar kode QR memakai alamat kantor Anda.</source>
        <translation>This desk is not connected to HQ yet, so the QR codes on the certificates carry the default address {url}. Connect the desk first (Sync screen) so that the QR codes carry your office's address.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Tetap cetak</source>
        <translation>Print anyway</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CertificatesView</name>
    <message>
        <location filename="../../desktop/ui/certificates/view.py" line="+317" />
        <source>Peserta dan syarat sertifikat</source>
        <translation>Participants and certificate requirements</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sertifikat yang sudah terbit</source>
        <translation>Issued certificates</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pratinjau (persis seperti dicetak)</source>
        <translation>Preview (exactly as printed)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cari nama atau NIP</source>
        <translation>Search a name or NIP</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Terbitkan untuk yang layak</source>
        <translation>Issue for everyone eligible</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Izinkan dengan alasan…</source>
        <translation>Allow with a reason…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tahan dengan alasan…</source>
        <translation>Hold back with a reason…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cetak…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cabut…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>kosong (untuk ditandatangani)</source>
        <translation>blank (to be signed)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Daftar hadir PDF…</source>
        <translation>Attendance sheet PDF…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ekspor kehadiran…</source>
        <translation>Export attendance…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cetak tanda nama…</source>
        <translation>Print name badges…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Undangan</source>
        <translation>Invitations</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan undangan (PDF, PNG, daftar WhatsApp)…</source>
        <translation>Save invitations (PDF, PNG, WhatsApp list)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kirim undangan lewat email</source>
        <translation>Send invitations by e-mail</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tautan unduh…</source>
        <translation>Download links…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tautan pribadi untuk mengunduh sertifikat dari kantor pusat, sebagai daftar untuk email atau WhatsApp</source>
        <translation>Personal links to download the certificates from HQ, as a list for e-mail or WhatsApp</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Label 2 × 4 (99 × 68 mm)</source>
        <translation>Labels 2 × 4 (99 × 68 mm)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Label 2 × 5 (99 × 57 mm)</source>
        <translation>Labels 2 × 5 (99 × 57 mm)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kartu 85,6 × 54 mm (garis potong)</source>
        <translation>Cards 85.6 × 54 mm (cut marks)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Tata letak tanda nama pada kertas A4</source>
        <translation>Name badge layout on A4 paper</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+12" />
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-11" />
        <location line="+12" />
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location line="-11" />
        <source>Hari hadir</source>
        <translation>Days present</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Daring (menit)</source>
        <translation>Online (minutes)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Layak</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keputusan operator</source>
        <translation>Operator's decision</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nomor sertifikat</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Terbit</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dicetak</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dicabut</source>
        <translation>Revoked</translation>
    </message>
</context>
<context>
    <name>CheckinController</name>
    <message>
        <location filename="../../desktop/ui/checkin/controller.py" line="+207" />
        <location line="+53" />
        <source>Hasil pencarian</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location line="-51" />
        <location line="+105" />
        <source>Ketik minimal 2 huruf, atau 3 angka NIP/NIK.</source>
        <translation>Type at least 2 letters, or 3 digits of a NIP/NIK.</translation>
    </message>
    <message>
        <location line="-67" />
        <source>Tidak ada peserta yang cocok dengan “{text}”. Daftarkan sebagai peserta baru: Ctrl+N.</source>
        <translation>No participant matches “{text}”. Register a new participant: Ctrl+N.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Masih banyak yang cocok: ketik lebih lengkap.</source>
        <translation>Many more match: type more.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Hasil pencarian ({count})</source>
        <translation>Search results ({count})</translation>
    </message>
    <message>
        <location line="+15" />
        <location line="+295" />
        <location line="+118" />
        <source>pukul {time}</source>
        <translation>at {time}</translation>
    </message>
    <message>
        <location line="-407" />
        <source>Belum ada check-in di meja ini untuk hari ini.</source>
        <translation>No check-ins at this desk for this day yet.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Baru saja hadir di meja ini</source>
        <translation>Just checked in at this desk</translation>
    </message>
    <message>
        <location line="+278" />
        <source>Daftar peserta baru (Ctrl+N)</source>
        <translation>Register new participant (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>HADIR</source>
        <translation>PRESENT</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Tercatat hadir. Silakan pindai peserta berikutnya.</source>
        <translation>Recorded as present. Scan the next participant.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>SUDAH HADIR</source>
        <translation>ALREADY PRESENT</translation>
    </message>
    <message>
        <location line="+1" />
        <source>pukul {time} ({desk})</source>
        <translation>at {time} ({desk})</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Sudah hadir pukul {time} ({desk}). Tidak dicatat dua kali.</source>
        <translation>Already present at {time} ({desk}). Not recorded twice.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>BELUM TERDAFTAR</source>
        <translation>NOT REGISTERED</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Periksa nomornya, atau daftarkan sebagai peserta baru.</source>
        <translation>Check the number, or register them as a new participant.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>NOMOR TIDAK VALID</source>
        <translation>INVALID NUMBER</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Periksa nomornya lalu pindai atau ketik ulang.</source>
        <translation>Check the number, then scan or type it again.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Periksa lalu pindai atau ketik ulang.</source>
        <translation>Check it, then scan or type again.</translation>
    </message>
    <message>
        <location line="-1" />
        <source>TIDAK BISA</source>
        <translation>NOT POSSIBLE</translation>
    </message>
    <message>
        <location line="+11" />
        <source>KODE TIDAK DIKENAL</source>
        <translation>UNKNOWN CODE</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ini kode QR sertifikat, bukan undangan atau tanda nama.</source>
        <translation>This is a certificate's QR code, not an invitation or name badge.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Kode ini bukan kode undangan, tanda nama, atau NIP.</source>
        <translation>This code is not an invitation, name badge or NIP.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tunjukkan QR undangan atau tanda nama, atau barcode NIP, ke kamera.</source>
        <translation>Show an invitation's or name badge's QR code, or a NIP barcode, to the camera.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>TIDAK DITEMUKAN</source>
        <translation>NOT FOUND</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Tidak ada peserta “{text}” di acara ini.</source>
        <translation>No participant “{text}” in this event.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Periksa ejaannya, atau daftarkan sebagai peserta baru.</source>
        <translation>Check the spelling, or register them as a new participant.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>PILIH PESERTA</source>
        <translation>CHOOSE A PARTICIPANT</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{count} peserta cocok.</source>
        <translation>{count} participants match.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pilih dengan ↑ ↓ lalu tekan Enter, atau ketik lebih lengkap.</source>
        <translation>Choose with ↑ ↓ and press Enter, or type more.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>DIBATALKAN</source>
        <translation>UNDONE</translation>
    </message>
    <message>
        <location line="+1" />
        <source>check-in pukul {time}</source>
        <translation>check-in at {time}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kehadiran ini dibatalkan. Pindai lagi bila ternyata hadir.</source>
        <translation>This check-in was undone. Scan again if they are in fact present.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>BELUM ADA ACARA</source>
        <translation>NO EVENT OPEN</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Pilih atau buat acara di layar Acara (Ctrl+3), lalu tekan Enter untuk membukanya di sini.</source>
        <translation>Choose or create an event on the Events screen (Ctrl+3), then press Enter to open it here.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>MENCARI</source>
        <translation>SEARCHING</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Tekan Enter untuk mencatat hadir, atau pilih dengan ↑ ↓.</source>
        <translation>Press Enter to check in, or choose with ↑ ↓.</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+23" />
        <source>SIAP</source>
        <translation>READY</translation>
    </message>
    <message>
        <location line="-17" />
        <source>Hari ini bukan hari acara: check-in dicatat untuk hari {day}. Ganti dengan Ctrl+D.</source>
        <translation>Today is not an event day: check-ins are recorded for day {day}. Change it with Ctrl+D.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>TERAKHIR</source>
        <translation>LAST</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Check-in terakhir di meja ini. Silakan pindai peserta berikutnya.</source>
        <translation>The last check-in at this desk. Scan the next participant.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Pindai NIP atau ketik nama peserta.</source>
        <translation>Scan a NIP or type a participant's name.</translation>
    </message>
    <message>
        <location line="-44" />
        <source>Buka acara terlebih dahulu.</source>
        <translation>Open an event first.</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Hasil check-in ditampilkan di sini.</source>
        <translation>Check-in results appear here.</translation>
    </message>
</context>
<context>
    <name>CheckinView</name>
    <message>
        <location filename="../../desktop/ui/checkin/view.py" line="+357" />
        <source>Ketik nama atau pindai NIP/NIK, lalu Enter</source>
        <translation>Type a name or scan a NIP/NIK, then Enter</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hari (Ctrl+D)</source>
        <translation>Day (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+47" />
        <source>hadir / terdaftar hari ini</source>
        <translation>present / registered today</translation>
    </message>
    <message>
        <location line="+2" />
        <source>(meja ini: {count})</source>
        <translation>(this desk: {count})</translation>
    </message>
    <message>
        <location line="-47" />
        <source>Daftar peserta baru (Ctrl+N)</source>
        <translation>Register new participant (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batalkan check-in terakhir (Ctrl+Z)</source>
        <translation>Undo last check-in (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>↑ ↓ pilih · Enter hadirkan · Esc kosongkan</source>
        <translation>↑ ↓ choose · Enter check in · Esc clear</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="+63" />
        <source>Meja: {desk}</source>
        <translation>Desk: {desk}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Operator: {name}</source>
        <translation>Operator: {name}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Operator: belum masuk</source>
        <translation>Operator: not signed in</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sinkronisasi: belum diatur</source>
        <translation>Sync: not set up</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="+239" />
        <source>Tidak dapat dilakukan: {detail}</source>
        <translation>Could not be done: {detail}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Terjadi kesalahan tak terduga ({kind}). Rinciannya ada di log.</source>
        <translation>An unexpected error occurred ({kind}). The details are in the log.</translation>
    </message>
    <message>
        <location line="+57" />
        <source>NIP atau NIK belum diisi.</source>
        <translation>No NIP or NIK was entered.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Excel menyimpan NIP/NIK ini sebagai angka sehingga digit terakhirnya hilang. Ubah format kolom menjadi Teks, lalu ketik ulang nomornya.</source>
        <translation>Excel stored this NIP/NIK as a number and lost its last digits. Format the column as Text and type the number again.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>“{raw}” bukan NIP: NIP hanya berisi angka.</source>
        <translation>“{raw}” is not a NIP: a NIP has digits only.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{raw} adalah NIP lama (9 digit) yang tidak berlaku lagi. Minta NIP 18 digit.</source>
        <translation>{raw} is an old 9-digit NIP, no longer in use. Ask for the 18-digit NIP.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Nomor ini {length} digit. NIP dan NI PPPK 18 digit, NIK 16 digit.</source>
        <translation>This number has {length} digits. A NIP or NI PPPK has 18 digits, a NIK 16.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>NIP {raw} tidak valid: 8 digit pertama bukan tanggal lahir yang benar.</source>
        <translation>NIP {raw} is not valid: its first 8 digits are not a real birth date.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>NIP {raw} tidak valid: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan).</source>
        <translation>NIP {raw} is not valid: digit 15 must be 1 (male) or 2 (female).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>NIP {raw} tidak valid: 3 digit terakhir tidak boleh 000.</source>
        <translation>NIP {raw} is not valid: its last 3 digits cannot be 000.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>NIP {raw} tidak valid: digit ke-9 sampai ke-14 bukan TMT CPNS yang benar.</source>
        <translation>NIP {raw} is not valid: digits 9 to 14 are not a real appointment date (TMT CPNS).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>NIP {raw} tidak valid: tahun lahir dan tahun pengangkatan tidak masuk akal.</source>
        <translation>NIP {raw} is not valid: its birth year and appointment year are not plausible.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>NIK {raw} tidak valid: dua digit pertama bukan kode provinsi.</source>
        <translation>NIK {raw} is not valid: its first two digits are not a province code.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{number} tidak terdaftar di acara ini.</source>
        <translation>{number} is not registered for this event.</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Nama lengkap wajib diisi.</source>
        <translation>The full name is required.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>NIP wajib diisi untuk PNS dan PPPK. Tamu tanpa NIP: pilih Non-ASN.</source>
        <translation>A NIP is required for PNS and PPPK. For a guest without a NIP, choose Non-ASN.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>“{value}” bukan alamat email.</source>
        <translation>“{value}” is not an e-mail address.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hari ini bukan hari acara: pilih harinya.</source>
        <translation>Today is not an event day: choose the day.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hari {day} bukan hari acara ini.</source>
        <translation>Day {day} is not a day of this event.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Mode acara harus luring, daring, atau hybrid.</source>
        <translation>The mode must be in person, online or hybrid.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>JP tidak boleh negatif.</source>
        <translation>JP cannot be negative.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>NIP penanda tangan tidak valid.</source>
        <translation>The signatory's NIP is not valid.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kedua PIN tidak sama.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama operator atau PIN salah.</source>
        <translation>Unknown operator or wrong PIN.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Terlalu banyak PIN salah. Coba lagi dalam {minutes} menit.</source>
        <translation>Too many wrong PINs. Try again in {minutes} minutes.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hanya admin yang dapat membuka pengaturan.</source>
        <translation>Only an admin can open the settings.</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Kata sandi pemulihan minimal {minimum} karakter.</source>
        <translation>A recovery passphrase is at least {minimum} characters.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kata sandi pemulihan salah.</source>
        <translation>That is not the recovery passphrase.</translation>
    </message>
    <message>
        <location line="+116" />
        <source>Belum ada kolom yang dipetakan ke Nama.</source>
        <translation>No column is mapped to the name (Nama) yet.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>NIP/NIK {number} muncul dua kali; sudah ada di baris {first_row}.</source>
        <translation>NIP/NIK {number} appears twice; it is already on row {first_row}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>NIP/NIK {number} sudah dimiliki peserta lain.</source>
        <translation>NIP/NIK {number} already belongs to another participant.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama kosong.</source>
        <translation>The name is empty.</translation>
    </message>
    <message>
        <location line="-205" />
        <source>Data tersebut tidak ada di meja ini.</source>
        <translation>That record is not on this desk.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Check-in tersebut sudah dibatalkan.</source>
        <translation>That check-in was already undone.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Belum ada check-in di meja ini yang dapat dibatalkan.</source>
        <translation>There is no check-in at this desk to undo.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Judul acara wajib diisi.</source>
        <translation>The event title is required.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Tanggal selesai harus setelah tanggal mulai, dan acara paling lama 31 hari.</source>
        <translation>The end date must be after the start date, and an event lasts at most 31 days.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Ekspor hanya ke berkas .xlsx atau .csv.</source>
        <translation>Export only to an .xlsx or .csv file.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Nama meja wajib diisi, misalnya “Meja 1”.</source>
        <translation>The desk name is required, e.g. “Meja 1”.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>PIN hanya boleh berisi angka, minimal 4 digit.</source>
        <translation>The PIN must be digits only, at least 4 of them.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Nama operator wajib diisi.</source>
        <translation>The operator name is required.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama operator tersebut sudah terdaftar.</source>
        <translation>An operator with that name already exists.</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Buat kata sandi pemulihan terlebih dahulu di Pengaturan. Tanpa kata sandi itu, salinan di USB tidak dapat dibuka di laptop lain.</source>
        <translation>Set a recovery passphrase in Settings first. Without it, the USB copy cannot be opened on another laptop.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kunci data tidak ada di brankas kunci laptop ini. Masukkan kata sandi pemulihan.</source>
        <translation>The data key is not in this laptop's keyring. Enter the recovery passphrase.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Laptop ini tidak punya brankas kunci yang dapat dipakai. Buat kata sandi pemulihan.</source>
        <translation>This laptop has no usable keyring. Choose a recovery passphrase.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Berkas kunci data (hadir.key) hilang atau rusak. Minta admin memulihkannya dari cadangan.</source>
        <translation>The data key file (hadir.key) is missing or damaged. Ask the admin to restore it from a backup.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kata sandi pemulihan diperlukan.</source>
        <translation>The recovery passphrase is needed.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kata sandi pemulihan tidak dimasukkan.</source>
        <translation>No recovery passphrase was entered.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kedua kata sandi berbeda. Tidak ada yang diubah.</source>
        <translation>The two passphrases differ. Nothing was changed.</translation>
    </message>
    <message>
        <location line="+90" />
        <source>Berkas ini tidak dapat diimpor: kosong, terlalu besar, atau isinya tidak dikenali. Tidak ada data yang diubah.</source>
        <translation>This file cannot be imported: it is empty, too large, or its contents are not recognised. No data was changed.</translation>
    </message>
    <message>
        <location line="+39" />
        <source>Sebagian peserta yang dipilih belum layak mendapat sertifikat. Izinkan dengan alasan bila sertifikat tetap diterbitkan.</source>
        <translation>Some of the chosen participants are not eligible for a certificate. Allow them with a reason to issue one anyway.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Belum ada peserta yang layak mendapat sertifikat. Perlu check-in atau izin dengan alasan.</source>
        <translation>Nobody is eligible for a certificate yet. A check-in, or an allowance with a reason, is needed.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Alasan wajib diisi.</source>
        <translation>A reason is required.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alasan pencabutan wajib diisi.</source>
        <translation>A reason for the revocation is required.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sertifikat ini sudah dicabut sebelumnya.</source>
        <translation>This certificate was already revoked.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sertifikat yang sudah dicabut tidak dapat dicetak.</source>
        <translation>A revoked certificate cannot be printed.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Templat sertifikat tidak dapat dipakai. Rinciannya ada di log.</source>
        <translation>The certificate template cannot be used. The details are in the log.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pola nomor sertifikat, kode meja, atau nomor meja tidak valid. Periksa pengaturan penomoran.</source>
        <translation>The certificate number pattern, desk code or desk number is not valid. Check the numbering settings.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Meja ini belum punya nomor meja untuk penomoran sertifikat. Minta admin mengisi nomor meja (1, 2, …).</source>
        <translation>This desk has no desk number for certificate numbering yet. Ask the admin to set one (1, 2, …).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Jatah nomor sertifikat meja ini sudah habis. Minta admin memberi nomor meja lain.</source>
        <translation>This desk's range of certificate numbers is used up. Ask the admin for another desk number.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Alamat web harus diawali https:// atau http://.</source>
        <translation>A web address must start with https:// or http://.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Isi alamat server dan alamat email pengirim.</source>
        <translation>Enter the server and the sender's e-mail address.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Server email (SMTP) meja ini belum diatur.</source>
        <translation>No e-mail (SMTP) server is set up for this desk.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Sebagian data acara ini belum diterima kantor pusat. Sinkronkan terlebih dahulu. Tidak ada yang dihapus.</source>
        <translation>Some of this event's data has not reached HQ. Sync first. Nothing was deleted.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Data acara ini belum dicocokkan dengan kantor pusat. Sinkronkan terlebih dahulu. Tidak ada yang dihapus.</source>
        <translation>This event's data has not been reconciled with HQ yet. Sync first. Nothing was deleted.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Pendaftaran meja ke kantor pusat gagal. Periksa kode pendaftaran dan alamat server, lalu coba lagi.</source>
        <translation>Enrolling the desk with HQ failed. Check the enrollment code and the server address, then try again.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Berkas sertifikat CA tidak ditemukan.</source>
        <translation>The CA bundle file was not found.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pengaturan sinkronisasi tidak dikenal, atau nilainya tidak lebih dari 0.</source>
        <translation>Unknown sync setting, or a value not above 0.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kunci tanda tangan meja ini berubah sejak terhubung. Hubungkan ulang meja ini ke kantor pusat.</source>
        <translation>This desk's signing key changed since it was connected. Connect the desk to HQ again.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Yang dipilih adalah folder. Tulis nama berkas untuk paket USB.</source>
        <translation>That is a folder. Type a file name for the USB bundle.</translation>
    </message>
    <message>
        <location line="+25" />
        <source>{name}: laporan Google Meet ini tidak mencantumkan tanggal, sedangkan acara berlangsung beberapa hari ({days}). Pilih hari pertemuannya.</source>
        <translation>{name}: this Google Meet report gives no date, and the event runs on several days ({days}). Choose the day of the meeting.</translation>
    </message>
    <message>
        <location line="-291" />
        <source>Disk penuh, jadi tindakan terakhir tidak tersimpan. Data sebelumnya aman. Kosongkan ruang disk, lalu coba lagi.</source>
        <translation>The disk is full, so the last action was not saved. Earlier data is safe. Free some disk space, then try again.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Berkas data meja rusak dan tidak diubah. Minta admin memulihkannya dari cadangan.</source>
        <translation>The desk's data file is damaged and was not changed. Ask the admin to restore it from a backup.</translation>
    </message>
    <message>
        <location line="+265" />
        <source>{name}: nama kolomnya dalam bahasa yang belum dikenal Hadir. Ekspor ulang dengan portal Zoom berbahasa Inggris atau Indonesia.</source>
        <translation>{name}: the column names are in a language Hadir does not know. Export again with the Zoom portal in English or Indonesian.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>{name} bukan laporan kehadiran yang dikenal Hadir. Gunakan laporan peserta atau webinar Zoom, laporan kehadiran Teams, atau laporan kehadiran Google Meet.</source>
        <translation>{name} is not an attendance report Hadir knows. Use a Zoom participants or webinar report, a Teams attendance report or a Google Meet attendance report.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{name} memuat {count} rapat: {meetings}. Pilih rapat acara ini.</source>
        <translation>{name} holds {count} meetings: {meetings}. Choose this event's meeting.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Rapat {wanted} tidak ada di {name}. Isinya: {meetings}.</source>
        <translation>Meeting {wanted} is not in {name}. It holds: {meetings}.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Tanggal “{value}” tidak dikenali. Tulis seperti 2026-11-24.</source>
        <translation>“{value}” is not a date. Write it like 2026-11-24.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{name}: tidak ada baris yang terbaca sebagai kehadiran (lihat baris {row}). Periksa berkasnya atau urutan tanggal yang dipilih.</source>
        <translation>{name}: no row could be read as attendance (see row {row}). Check the file or the date order chosen.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{name}: tidak ada yang daring selama jam acara ({start} sampai {end}). Periksa acara, tanggal, zona waktu, atau urutan tanggalnya.</source>
        <translation>{name}: nobody was online during the event's hours ({start} to {end}). Check the event, the date, the time zone or the date order.</translation>
    </message>
    <message>
        <location line="+28" />
        <source>{name}: laporan ini tidak memuat seorang pun yang hadir.</source>
        <translation>{name}: this report lists nobody who attended.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{name} kosong atau lebih besar dari {limit} MB.</source>
        <translation>{name} is empty or larger than {limit} MB.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Berkas {name} tidak ada.</source>
        <translation>The file {name} does not exist.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Laporan ini hanya memuat total menit per orang, tanpa jam masuk dan keluar: menitnya tidak dapat dibatasi pada jam acara atau digabung antarperangkat. Bila memungkinkan, ekspor ulang tanpa pilihan “Show unique users”.</source>
        <translation>This report has only a total of minutes per person, without join and leave times: the minutes cannot be limited to the event's hours or merged across devices. If you can, export again without “Show unique users”.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Laporan Teams ini tanpa bagian “In-Meeting activities”: waktu tiap orang dihitung sejak pertama bergabung, tanpa jeda yang tepat.</source>
        <translation>This Teams report has no “In-Meeting activities” section: each person's time is counted from their first join, without the exact breaks.</translation>
    </message>
    <message>
        <location line="-50" />
        <source>{date} bukan hari acara ini ({days}).</source>
        <translation>{date} is not a day of this event ({days}).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Laporan itu sudah tidak ada di meja ini.</source>
        <translation>That report is no longer on this desk.</translation>
    </message>
    <message>
        <location line="-25" />
        <source>{name}: nama kolomnya dalam bahasa yang belum dikenal Hadir. Unduh ulang laporan kehadirannya dengan Teams berbahasa Inggris.</source>
        <translation>{name}: the column names are in a language Hadir does not know. Download the attendance report again with Teams set to English.</translation>
    </message>
    <message>
        <location line="-339" />
        <source>Kode undangan acara lain: {title}.</source>
        <translation>Invitation code of another event: {title}.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kode undangan acara lain, yang tidak ada di meja ini.</source>
        <translation>Invitation code of another event, one this desk does not have.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kode undangan ini tidak cocok dengan peserta acara ini (salah ketik?).</source>
        <translation>This invitation code matches no participant of this event (a typo?).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kode undangan ini cocok untuk lebih dari satu peserta: cari nama atau NIP.</source>
        <translation>This invitation code matches more than one participant: search by name or NIP.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tata letak tanda nama “{value}” tidak dikenal (pilih: {wanted}).</source>
        <translation>Unknown name badge layout “{value}” (choose: {wanted}).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Belum ada peserta terdaftar di acara ini.</source>
        <translation>No participants are registered for this event yet.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Belum ada undangan dalam antrean email untuk peserta {ids}.</source>
        <translation>No invitation is in the e-mail queue for participants {ids} yet.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Stasiun ini hanya dapat membatalkan check-in yang dicatatnya dalam 10 menit terakhir. Batalkan yang lain di meja.</source>
        <translation>This station can only undo check-ins it recorded in the last 10 minutes. Undo others at a desk.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Tanggal acara harus antara tahun {first} dan {last}. Periksa tahunnya.</source>
        <translation>An event's dates must fall between the years {first} and {last}. Check the year.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Jumlah hari hadir untuk sertifikat tidak boleh negatif ({value}).</source>
        <translation>The days attended for a certificate cannot be negative ({value}).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>“{value}” bukan alamat; alamat diawali https://.</source>
        <translation>“{value}” is not an address; it starts with https://.</translation>
    </message>
    <message>
        <location line="+78" />
        <source>Meja ini adalah hub lokasi; hub tidak bergabung ke hub lain.</source>
        <translation>This desk is a venue hub; a hub does not join another hub.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Hub menolak kode pasangan (salah, kedaluwarsa, atau terlalu sering dicoba). Minta kode yang tampil sekarang di hub.</source>
        <translation>The hub refused the pairing code (wrong, expired or tried too often). Ask for the code the hub shows now.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hub lokasi tidak menjawab. Periksa alamatnya dan jaringan Wi-Fi/LAN.</source>
        <translation>The venue hub does not answer. Check its address and the Wi-Fi/LAN.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Meja ini milik kantor {office}; hub ini hanya melayani meja kantor {hub_office}.</source>
        <translation>This desk belongs to office {office}; this hub serves only the desks of office {hub_office}.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Tidak ada hub lokasi kantor {office} di jaringan ini. Pastikan hub berjalan dan meja ini di Wi-Fi/LAN yang sama, atau ketik alamat hub.</source>
        <translation>No venue hub of office {office} is on this network. Check that the hub runs and this desk is on the same Wi-Fi/LAN, or type the hub's address.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Ada beberapa hub lokasi kantor ini di jaringan: {hubs}. Ketik alamat hub yang dituju.</source>
        <translation>Several venue hubs of this office are on the network: {hubs}. Type the address of the one to join.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Hub yang ditemukan di jaringan tidak memegang kunci yang diumumkannya. Ketik alamat hub dan cocokkan sidik jarinya.</source>
        <translation>The hub found on the network does not hold the key it announced. Type the hub's address and compare its fingerprint.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hub tidak dapat dibuka di port {port}: {reason}. Tutup program yang memakai port itu, atau ubah pengaturan venue.hub_port. Peran meja ini tidak berubah.</source>
        <translation>The hub cannot listen on port {port}: {reason}. Close the program using that port, or change the venue.hub_port setting. This desk's role is unchanged.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Teks kode QR hub tidak lengkap atau rusak ({detail}). Pindai lagi kode QR di layar hub, atau ketik alamat dan kodenya.</source>
        <translation>The hub's QR code text is incomplete or damaged ({detail}). Scan the QR code on the hub's screen again, or type its address and code.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hub di alamat ini tidak memegang kunci yang tampil di layarnya (sidik jari berbeda). Periksa alamatnya, lalu cocokkan sidik jari di layar hub.</source>
        <translation>The hub at this address does not hold the key its screen shows (the fingerprints differ). Check the address, then compare the fingerprint on the hub's screen.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Meja ini belum bergabung ke hub lokasi. Gabung dulu dengan kode pasangan hub.</source>
        <translation>This desk has not joined a venue hub. Join one first with the hub's pairing code.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Meja di alamat ini bukan meja lokasi ini (kuncinya tidak ada di daftar yang diberikan hub). Gabung ke meja itu dengan kode pasangannya.</source>
        <translation>The desk at this address is not one of this venue's desks (its key is not in the list the hub gave). Join that desk with its pairing code.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{desk} di alamat ini belum menjadi hub untuk meja ini. Jadikan meja itu hub lokasi dulu, atau gabung ke meja itu dengan kode pasangannya.</source>
        <translation>{desk} at this address is not yet the hub for this desk. Make that desk the venue hub first, or join it with its pairing code.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Masa berlaku tautan harus 1 sampai {limit} hari.</source>
        <translation>A link's validity must be 1 to {limit} days.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tidak ada sertifikat dengan nomor itu di meja ini. Periksa nomornya (daftar sertifikat acara).</source>
        <translation>There is no certificate with that number on this desk. Check the number (the event's certificate list).</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Beri nama stasiunnya, misalnya “HP 1”.</source>
        <translation>Give the station a name, for example “Phone 1”.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Nama stasiun {length} karakter; paling banyak {limit}.</source>
        <translation>The station name has {length} characters; at most {limit}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Sudah ada stasiun bernama “{name}”. Pilih nama lain, atau hapus stasiun itu dulu.</source>
        <translation>There is already a station named “{name}”. Choose another name, or remove that station first.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Tidak ada stasiun bernama “{name}” di hub ini.</source>
        <translation>There is no station named “{name}” on this hub.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Meja ini bukan hub lokasi, jadi tidak dapat punya stasiun HP/tablet. Jadikan meja ini hub lokasi dulu.</source>
        <translation>This desk is not a venue hub, so it cannot have phone/tablet stations. Make this desk the venue hub first.</translation>
    </message>
    <message>
        <location line="+87" />
        <source>Pilihan peserta “{value}” tidak dikenal: pilih online (daring), in-person (luring) atau all (semua).</source>
        <translation>Unknown choice of participants “{value}”: choose online, in-person or all.</translation>
    </message>
    <message>
        <location line="+82" />
        <source>{name}: rapat {meetings} dari berkas ini sudah diimpor. Pilih rapat yang belum diimpor saja, atau hapus dulu laporan itu di tab “Laporan diimpor”.</source>
        <translation>{name}: meeting {meetings} of this file is already imported. Choose only the meetings not imported yet, or first remove that report on the “Imported reports” tab.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Isi syarat menit atau syarat persentase, jangan keduanya.</source>
        <translation>Give a minimum in minutes or a minimum percentage, not both.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Syarat persentase harus antara 1 dan 100, bukan {value}.</source>
        <translation>The minimum percentage must be between 1 and 100, not {value}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Syarat menit tidak boleh kurang dari nol ({value}).</source>
        <translation>The minimum minutes cannot be below zero ({value}).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Orang daring itu sudah tidak ada dalam acara ini. Muat ulang daftarnya.</source>
        <translation>That online person is no longer in this event. Reload the list.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pilih satu: tautkan ke peserta, daftarkan baru, atau abaikan.</source>
        <translation>Choose one: link to a participant, register as new, or ignore.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Peserta yang dipilih tidak terdaftar pada acara ini.</source>
        <translation>The chosen participant is not registered for this event.</translation>
    </message>
    <message>
        <location line="+34" />
        <source>Sinkronisasi dengan kantor pusat gagal. Coba lagi nanti.</source>
        <translation>Syncing with HQ failed. Try again later.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>“{url}” bukan alamat server, contoh: https://hadir.kemenham.go.id.</source>
        <translation>“{url}” is not a server address; for example: https://hadir.kemenham.go.id.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Isi alamat server saja, tanpa tanda ? atau #: “{url}”.</source>
        <translation>Enter only the server address, without ? or #: “{url}”.</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+87" />
        <source>Meja ini belum terhubung ke kantor pusat. Hubungkan dulu di layar Sinkronisasi.</source>
        <translation>This desk is not connected to HQ yet. Connect it first on the Sync screen.</translation>
    </message>
    <message>
        <location line="-83" />
        <source>Sambungan ke {host} tidak tepercaya (sertifikat gagal diperiksa). Jika kantor memakai otoritas sertifikat sendiri, pasang berkas CA-nya; jika memakai hotspot, masuk ke jaringan dulu.</source>
        <translation>The connection to {host} is not trusted (the certificate check failed). If the office uses its own certificate authority, set its CA file; on a hotspot, sign in to the network first.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Kantor pusat ({host}) tidak dapat dihubungi. Periksa jaringan; data tetap tersimpan di sini.</source>
        <translation>HQ ({host}) cannot be reached. Check the network; the data stays saved here.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kantor pusat ({host}) tidak menjawab dalam {seconds} detik. Akan dicoba lagi dengan kiriman lebih kecil.</source>
        <translation>HQ ({host}) did not answer within {seconds} seconds. It will be tried again with smaller batches.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Proxy jaringan gagal meneruskan sambungan ke kantor pusat.</source>
        <translation>The network proxy failed to pass the connection on to HQ.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Jawaban kantor pusat terputus sebelum selesai. Akan dicoba lagi nanti.</source>
        <translation>HQ's answer was cut off before its end. It will be tried again later.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Jaringan mengalihkan meja ini ke {location}, bukan ke kantor pusat (halaman login?). Masuk ke jaringan lewat browser, lalu sinkronkan lagi.</source>
        <translation>The network sent this desk to {location} instead of HQ (a login page?). Sign in to the network in a browser, then sync again.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Jaringan menjawab dengan halaman web, bukan kantor pusat (halaman login hotspot atau kantor?). Masuk ke jaringan lewat browser, lalu sinkronkan lagi.</source>
        <translation>The network answered with a web page instead of HQ (a hotspot or office login page?). Sign in to the network in a browser, then sync again.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{host} tidak menjawab sebagai server Hadir kantor pusat. Periksa alamat server.</source>
        <translation>{host} does not answer like a Hadir HQ server. Check the server address.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Jawaban kantor pusat tidak cocok dengan permintaan meja ini, jadi diabaikan. Akan dicoba lagi nanti.</source>
        <translation>HQ's answer did not match this desk's request, so it was ignored. It will be tried again later.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Jawaban kantor pusat tidak dapat dibaca (terputus atau bukan dari kantor pusat).</source>
        <translation>HQ's answer could not be read (cut off, or not from HQ).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kantor pusat menjawab dengan kesalahan (HTTP {status}). Akan dicoba lagi nanti.</source>
        <translation>HQ answered with an error (HTTP {status}). It will be tried again later.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kantor pusat sedang sibuk. Akan dicoba lagi nanti.</source>
        <translation>HQ is busy. It will be tried again later.</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+84" />
        <source>Kiriman terlalu besar untuk kantor pusat. Akan dicoba lagi dengan kiriman lebih kecil.</source>
        <translation>The batch is too large for HQ. It will be tried again with smaller batches.</translation>
    </message>
    <message>
        <location line="-79" />
        <source>Kantor pusat menolak pendaftaran meja ini. Minta kode baru ke admin kantor pusat.</source>
        <translation>HQ refused to enroll this desk. Ask the HQ admin for a new code.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kantor pusat menolak meja ini. Minta kode pendaftaran baru ke admin kantor pusat.</source>
        <translation>HQ refused this desk. Ask the HQ admin for a new enrollment code.</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+65" />
        <source>Kunci segel meja ini sudah terdaftar di kantor pusat.</source>
        <translation>This desk's seal key is already registered at HQ.</translation>
    </message>
    <message>
        <location line="-62" />
        <source>Kantor pusat menolak permintaan meja ini.</source>
        <translation>HQ refused this desk's request.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sinkronisasi lain sedang berjalan di meja ini.</source>
        <translation>Another sync is running on this desk.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke admin kantor pusat.</source>
        <translation>The enrollment code is unknown, already used or expired. Ask the HQ admin for a new code.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kantor pusat tidak mengenal meja ini. Hubungkan lagi dengan kode pendaftaran baru.</source>
        <translation>HQ does not know this desk. Connect it again with a new enrollment code.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Meja ini sudah dicabut oleh kantor pusat. Hubungkan lagi dengan kode pendaftaran baru.</source>
        <translation>HQ has revoked this desk. Connect it again with a new enrollment code.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Kantor pusat tidak mengenal meja ini.</source>
        <translation>HQ does not know this desk.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kode kantor {office_code} tidak dikenal kantor pusat.</source>
        <translation>HQ does not know the office code {office_code}.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cara ikut tidak dikenal: pilih luring atau daring.</source>
        <translation>Unknown way of taking part: choose in person (luring) or online (daring).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Target adalah jumlah orang, 0 atau lebih.</source>
        <translation>A target is a number of people, 0 or more.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tahun di luar 2000 sampai 2099, tahun yang disimpan kantor pusat.</source>
        <translation>The year is outside 2000 to 2099, the years HQ holds.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kantor pusat tidak menyimpan rekaman peserta {participant}.</source>
        <translation>HQ holds no participant record {participant}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Sebutkan siapa yang memutuskan (1 sampai 100 huruf): keputusan dicatat.</source>
        <translation>Say who decides (1 to 100 characters): the decision is recorded.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Satu rekaman tidak dapat disatukan dengan dirinya sendiri.</source>
        <translation>A record cannot be linked with itself.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kedua rekaman itu sudah satu orang.</source>
        <translation>Those two records are already one person.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rekaman {participant} sudah orang tersendiri; tidak ada yang dipisahkan.</source>
        <translation>Record {participant} is already a person of its own; nothing was unlinked.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Hanya admin kantor pusat yang dapat menyatukan atau memisahkan orang.</source>
        <translation>Only an HQ admin can link or unlink people.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pilih rekaman peserta yang diputuskan.</source>
        <translation>Choose the participant record the decision is about.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Daftar instansi tidak dimuat: ada baris yang salah di berkasnya.</source>
        <translation>The agency list was not loaded: some rows of the file are wrong.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Hanya admin kantor pusat yang dapat melakukan ini.</source>
        <translation>Only an HQ admin can do this.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kunci segel meja ini ditolak kantor pusat (bentuknya tidak sah).</source>
        <translation>HQ refused this desk's seal key (it is not well formed).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kunci segel meja ini ditolak kantor pusat (nomor kunci tidak cocok).</source>
        <translation>HQ refused this desk's seal key (the key id does not match).</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Kode pendaftaran hanya dapat berlaku 1 sampai 720 jam (30 hari).</source>
        <translation>An enrollment code can stay valid for 1 to 720 hours (30 days).</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+3" />
        <location line="+3" />
        <location line="+3" />
        <location line="+3" />
        <source>Kantor pusat menerima kiriman yang rusak. Akan dicoba lagi nanti.</source>
        <translation>HQ received a damaged batch. It will be tried again later.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kantor pusat tidak menerima kompresi {encoding}.</source>
        <translation>HQ does not accept {encoding} compression.</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+4" />
        <source>Kantor pusat menolak isi kiriman meja ini. Perbarui aplikasi Hadir di meja ini.</source>
        <translation>HQ refused the content of this desk's request. Update Hadir on this desk.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Versi protokol meja ini ({got}) tidak sama dengan kantor pusat ({expected}). Perbarui aplikasi Hadir.</source>
        <translation>This desk's protocol version ({got}) differs from HQ's ({expected}). Update Hadir.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Terlalu banyak permintaan dari jaringan ini. Tunggu sebentar, lalu coba lagi.</source>
        <translation>Too many requests from this network. Wait a moment, then try again.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Basis data kantor pusat sedang sibuk. Akan dicoba lagi nanti.</source>
        <translation>HQ's database is busy. It will be tried again later.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Basis data kantor pusat menolak salah satu nilai kiriman (misalnya karakter NUL).</source>
        <translation>HQ's database refused a value in the request (for example a NUL character).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Ini bukan segel sertifikat yang diterbitkan Hadir (tidak sah atau diubah).</source>
        <translation>This is not a certificate seal issued by Hadir (invalid or altered).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Acara itu tidak ada di kantor pusat.</source>
        <translation>HQ has no such event.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alamat itu tidak ada di server kantor pusat. Periksa alamat server.</source>
        <translation>That address does not exist on the HQ server. Check the server address.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Server kantor pusat tidak menerima permintaan ini. Perbarui aplikasi Hadir.</source>
        <translation>The HQ server does not accept this request. Update Hadir.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Nama pengguna admin harus 1 sampai 64 karakter.</source>
        <translation>An admin username needs 1 to 64 characters.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kata sandi admin minimal {minimum} karakter.</source>
        <translation>An admin password needs at least {minimum} characters.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Sudah ada admin dengan nama itu.</source>
        <translation>An admin with that name already exists.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Masuk ke dasbor kantor pusat dulu.</source>
        <translation>Sign in to the HQ dashboard first.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Formulir sudah kedaluwarsa atau bukan dari dasbor ini. Muat ulang halaman.</source>
        <translation>The form has expired or did not come from this dashboard. Reload the page.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Peran akun harus admin atau peninjau.</source>
        <translation>An account's role must be admin or viewer.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Akun staf itu tidak ada di kantor pusat.</source>
        <translation>HQ has no such staff account.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ini admin pusat terakhir yang aktif; buat admin pusat lain dahulu.</source>
        <translation>This is the last active HQ admin; create another HQ admin first.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kata sandi tidak boleh sama dengan nama pengguna.</source>
        <translation>The password may not be the username.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kata sandi ini terlalu umum; pilih yang tidak mudah ditebak.</source>
        <translation>This password is too common; choose one that is hard to guess.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kata sandi saat ini salah.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kata sandi baru sama dengan yang lama.</source>
        <translation>The new password is the same as the old one.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kedua kata sandi baru tidak sama.</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pilih kata sandi baru dahulu di halaman Akun saya.</source>
        <translation>Choose a new password first, on the My account page.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Akun peninjau hanya dapat melihat dan mengunduh; minta admin mengubahnya.</source>
        <translation>A viewer account can only see and download; ask an admin to change it.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Akun ini milik kantor lain; tidak dapat mengubah data kantor {office}.</source>
        <translation>This account belongs to another office; it cannot change office {office}'s data.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Hanya admin pusat yang mengelola akun staf.</source>
        <translation>Only HQ admins manage staff accounts.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>TOTP belum disiapkan di server kantor pusat (HADIR_HQ_TOTP_KEY kosong).</source>
        <translation>TOTP is not set up on HQ's server (HADIR_HQ_TOTP_KEY is empty).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>HADIR_HQ_TOTP_KEY di server kantor pusat tidak sah (perlu 32 bita base64).</source>
        <translation>HADIR_HQ_TOTP_KEY on HQ's server is invalid (it needs 32 bytes, base64).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Rahasia TOTP akun ini tidak dapat dibuka; minta admin pusat mengatur ulang.</source>
        <translation>This account's TOTP secret cannot be opened; ask an HQ admin to reset it.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>TOTP sudah aktif untuk akun ini.</source>
        <translation>TOTP is already on for this account.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mulai pengaturan TOTP terlebih dahulu.</source>
        <translation>Start setting up TOTP first.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kode TOTP salah. Periksa jam ponsel dan ketik kode yang tampil sekarang.</source>
        <translation>The TOTP code is wrong. Check the phone's clock and type the code shown now.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Kantor pusat menjawab dengan kesalahan (HTTP {status}).</source>
        <translation>HQ answered with an error (HTTP {status}).</translation>
    </message>
    <message>
        <location line="-462" />
        <source>NIP/NIK {number} sudah ada di lembar “{first_sheet}” baris {first_row} dengan data lain. Periksa mana yang benar.</source>
        <translation>NIP/NIK {number} is already on sheet “{first_sheet}”, row {first_row}, with other details. Check which is right.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Alamat email “{value}” tidak valid sehingga tidak dipakai; perbaiki di tab Peserta.</source>
        <translation>The e-mail address “{value}” is not valid, so it is not used; correct it in the Participants tab.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kolom Nama tidak ditemukan di 30 baris pertama. Tentukan sendiri kolom yang berisi nama.</source>
        <translation>No name column in the first 30 rows. Choose the column that holds the names.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Lembar “{sheet}” tidak ada. Lembar di berkas ini: {sheets}.</source>
        <translation>There is no sheet “{sheet}”. The file's sheets: {sheets}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tidak ada kolom berjudul “{header}”. Judul kolom di berkas: {headers}.</source>
        <translation>No column is headed “{header}”. The file's headers: {headers}.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kolom “{header}”: “{field}” bukan isian yang dikenal. Pilihan: {fields}.</source>
        <translation>Column “{header}”: “{field}” is not a known field. Choose from: {fields}.</translation>
    </message>
    <message>
        <location line="-172" />
        <source>Indeks pencarian rusak, jadi data meja perlu diperbaiki. Hubungi admin.</source>
        <translation>The search index is damaged, so the desk data needs a repair. Contact the admin.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Belum ada data meja untuk dicadangkan.</source>
        <translation>There is no desk data to back up yet.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cadangan tidak dapat ditulis ke {folder}. Periksa ruang disk, lalu coba lagi.</source>
        <translation>The backup could not be written to {folder}. Check the disk space, then try again.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Salinan cadangan gagal diperiksa dan tidak disimpan. Coba lagi.</source>
        <translation>The backup copy failed its check and was not kept. Try again.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Berkas cadangan {file} tidak ditemukan.</source>
        <translation>The backup file {file} was not found.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cadangan {file} juga rusak. Pilih cadangan lain.</source>
        <translation>The backup {file} is damaged too. Choose another backup.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{folder} bukan folder. Periksa apakah flashdisk sudah terpasang.</source>
        <translation>{folder} is not a folder. Check that the USB stick is plugged in.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tidak dapat menulis ke {folder}. Periksa flashdisk dan ruang kosongnya.</source>
        <translation>Could not write to {folder}. Check the USB stick and its free space.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Salinan di {folder} tidak terbaca dengan benar. Coba flashdisk lain.</source>
        <translation>The copy on {folder} does not read back correctly. Try another USB stick.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Enkripsi berkas data gagal diperiksa. Berkas dibiarkan seperti semula.</source>
        <translation>Encrypting the data file failed its check. The file was left as it was.</translation>
    </message>
    <message>
        <location line="+189" />
        <source>Sertifikat memuat paling banyak {maximum} penanda tangan.</source>
        <translation>A certificate has at most {maximum} signatories.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Belum ada email dalam antrean untuk sertifikat {numbers}.</source>
        <translation>No e-mail is queued for certificate(s) {numbers}.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Alasan penghapusan data pribadi wajib diisi, mis. permintaan tertulis dari yang bersangkutan.</source>
        <translation>A reason for erasing the personal data is required, e.g. the person's written request.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kolom data peserta tidak dikenal: {fields}.</source>
        <translation>Unknown participant field(s): {fields}.</translation>
    </message>
</context>
<context>
    <name>Event</name>
    <message>
        <location line="-427" />
        <source>Luring (tatap muka)</source>
        <translation>In person (luring)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Daring (online)</source>
        <translation>Online (daring)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hybrid</source>
        <translation>Hybrid</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../desktop/ui/events/view.py" line="+240" />
        <source>&amp;Judul</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Tema</source>
        <translation>T&amp;heme</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tem&amp;pat</source>
        <translation>&amp;Venue</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Mulai</source>
        <translation>&amp;Starts</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Selesai</source>
        <translation>&amp;Ends</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Zona waktu</source>
        <translation>Time &amp;zone</translation>
    </message>
    <message>
        <location line="+1" />
        <source>M&amp;ode</source>
        <translation>M&amp;ode</translation>
    </message>
    <message>
        <location line="+1" />
        <source>J&amp;P (jam pelajaran)</source>
        <translation>J&amp;P (lesson hours)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Hari hadir untuk sertifikat</source>
        <translation>&amp;Days attended for a certificate</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Nama</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ja&amp;batan</source>
        <translation>Pos&amp;ition</translation>
    </message>
    <message>
        <location line="+1" />
        <source>N&amp;IP</source>
        <translation>N&amp;IP</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Penanda tangan sertifikat</source>
        <translation>Certificate signatory</translation>
    </message>
    <message>
        <location line="+1" />
        <source>tidak ada</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+1" />
        <source>semua hari</source>
        <translation>every day</translation>
    </message>
    <message>
        <location line="+1" />
        <source>mis. Kepala Kantor Wilayah</source>
        <translation>e.g. Kepala Kantor Wilayah</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>EventsController</name>
    <message>
        <location filename="../../desktop/ui/events/controller.py" line="+80" />
        <source>[demo]</source>
        <translation>[demo]</translation>
    </message>
    <message>
        <location line="+39" />
        <source>Acara baru</source>
        <translation>New event</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Ubah acara</source>
        <translation>Edit event</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Dicetak di bawah nama penanda tangan.</source>
        <translation>Printed under the signatory's name.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>✓ NIP valid.</source>
        <translation>✓ Valid NIP.</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <location filename="../../desktop/ui/events/view.py" line="-166" />
        <source>Acara</source>
        <translation>Events</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Pilih acara dengan ↑ ↓ lalu Enter untuk membukanya di layar check-in.</source>
        <translation>Choose an event with ↑ ↓ and press Enter to open it on the check-in screen.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tanggal</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tempat</source>
        <translation>Venue</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Terdaftar</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Buka untuk check-in (Enter)</source>
        <translation>Open for check-in (Enter)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Acara baru (Ctrl+N)</source>
        <translation>New event (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ubah (Ctrl+E)</source>
        <translation>Edit (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Impor peserta (Ctrl+I)</source>
        <translation>Import participants (Ctrl+I)</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../desktop/ui/importer/controller.py" line="+48" />
        <source>Impor peserta ke “{event}”</source>
        <translation>Import participants into “{event}”</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>NIP/NIK</source>
        <translation>NIP/NIK</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status ASN</source>
        <translation>ASN status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pangkat/Gol</source>
        <translation>Rank/grade</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jabatan</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit kerja</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No. HP</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location line="+2" />
        <source>(abaikan)</source>
        <translation>(ignore)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Pilih daftar peserta</source>
        <translation>Choose a participant list</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Daftar peserta (*.xlsx *.csv *.txt);;Semua berkas (*)</source>
        <translation>Participant lists (*.xlsx *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location line="+56" />
        <source>Kolom yang tidak dikenali (kuning): {names}. Pilih isinya di baris pertama, atau biarkan diabaikan.</source>
        <translation>Columns not recognised (yellow): {names}. Choose what they hold in the first row, or leave them ignored.</translation>
    </message>
    <message>
        <location line="+58" />
        <source>Impor dihentikan. Tidak ada yang diubah.</source>
        <translation>Import stopped. Nothing was changed.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Selesai: {imported} peserta baru terdaftar, {updated} diperbarui, {unchanged} tidak berubah, {skipped} baris dilewati.</source>
        <translation>Done: {imported} new participants registered, {updated} updated, {unchanged} unchanged, {skipped} rows skipped.</translation>
    </message>
    <message>
        <location line="-85" />
        <source>Judul kolom di baris {row}; {count} baris data.</source>
        <translation>Headers on row {row}; {count} data rows.</translation>
    </message>
    <message>
        <location line="+103" />
        <source>{count} jawaban formulir digantikan jawaban yang lebih baru dari orang yang sama.</source>
        <translation>{count} form answers replaced by a later answer from the same person.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{count} baris bukan data peserta (baris kosong, jumlah, nomor kolom, tanda tangan).</source>
        <translation>{count} rows are not participants (blank rows, totals, column numbers, signatures).</translation>
    </message>
    <message>
        <location line="-95" />
        <source>Lembar “{sheet}”.</source>
        <translation>Sheet “{sheet}”.</translation>
    </message>
    <message>
        <location line="+102" />
        <source>Lembar yang tidak dibaca: {sheets}.</source>
        <translation>Sheets not read: {sheets}.</translation>
    </message>
    <message>
        <location line="-111" />
        <source>Lembar yang dibaca: {sheets}. Pratinjau dari lembar “{sheet}”.</source>
        <translation>Sheets read: {sheets}. Preview of sheet “{sheet}”.</translation>
    </message>
    <message>
        <location line="-17" />
        <source>Semua lembar berisi daftar</source>
        <translation>All sheets with a list</translation>
    </message>
    <message>
        <location line="+142" />
        <source>Diimpor, dengan catatan: {text}</source>
        <translation>Imported, with a note: {text}</translation>
    </message>
    <message>
        <location line="-35" />
        <source>{count} peserta diimpor dengan catatan (lihat daftar di bawah).</source>
        <translation>{count} participants imported with a note (see the list below).</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/importer/view.py" line="+108" />
        <source>Impor daftar peserta</source>
        <translation>Import a participant list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pilih berkas…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Berkas Excel (.xlsx) atau CSV</source>
        <translation>Excel (.xlsx) or CSV file</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Impor</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Baris</source>
        <translation>Row</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Isi kolom</source>
        <translation>Column holds</translation>
    </message>
    <message>
        <location line="-45" />
        <source>&amp;Lembar:</source>
        <translation>&amp;Sheet:</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/shell/window.py" line="+135" />
        <source>Hadir — meja registrasi</source>
        <translation>Hadir — registration desk</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Check-in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Peserta</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Acara</source>
        <translation>Events</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sertifikat</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="-1" />
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Pengaturan (Ctrl+,)</source>
        <translation>Settings (Ctrl+,)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keluar (Ctrl+L)</source>
        <translation>Sign out (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>Online</name>
    <message>
        <location filename="../../desktop/ui/online/texts.py" line="+13" />
        <source>email</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <location line="+1" />
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location line="+1" />
        <source>nama</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>ditautkan operator</source>
        <translation>linked by the operator</translation>
    </message>
    <message>
        <location line="+1" />
        <source>didaftarkan baru</source>
        <translation>registered as new</translation>
    </message>
    <message>
        <location line="+1" />
        <source>ragu-ragu</source>
        <translation>doubtful</translation>
    </message>
    <message>
        <location line="+1" />
        <source>tidak cocok</source>
        <translation>unmatched</translation>
    </message>
    <message>
        <location line="+1" />
        <source>diabaikan</source>
        <translation>ignored</translation>
    </message>
    <message>
        <location line="+8" />
        <source>host</source>
        <translation>host</translation>
    </message>
    <message>
        <location line="+1" />
        <source>telepon</source>
        <translation>phone</translation>
    </message>
    <message>
        <location line="+1" />
        <source>panelis</source>
        <translation>panelist</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Zoom: laporan peserta</source>
        <translation>Zoom: participants report</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom: laporan peserta dengan data rapat</source>
        <translation>Zoom: participants report with meeting data</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom: pengguna unik (total menit, tanpa jam)</source>
        <translation>Zoom: unique users (total minutes, no times)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom: laporan peserta webinar</source>
        <translation>Zoom: webinar attendee report</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Google Meet: laporan kehadiran</source>
        <translation>Google Meet: attendance report</translation>
    </message>
    <message>
        <location line="-2" />
        <source>Zoom: riwayat rapat</source>
        <translation>Zoom: meeting history</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Microsoft Teams: laporan kehadiran</source>
        <translation>Microsoft Teams: attendance report</translation>
    </message>
</context>
<context>
    <name>OnlineController</name>
    <message>
        <location filename="../../desktop/ui/online/matching.py" line="+142" />
        <source>Belum ada laporan kehadiran daring untuk acara ini.</source>
        <translation>No online attendance report for this event yet.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Belum ada laporan kehadiran daring. Impor laporan peserta Zoom atau Google Meet setelah acara.</source>
        <translation>No online attendance report yet. Import the Zoom or Google Meet participants report after the event.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>{reports} laporan · {people} orang daring · {matched} cocok · {doubtful} ragu-ragu · {unmatched} tidak cocok · {eligible} layak sertifikat</source>
        <translation>{reports} report(s) · {people} people online · {matched} matched · {doubtful} doubtful · {unmatched} unmatched · {eligible} eligible for a certificate</translation>
    </message>
    <message>
        <location line="+13" />
        <source>(syarat: {minutes} dari {total} menit)</source>
        <translation>(required: {minutes} of {total} minutes)</translation>
    </message>
    <message>
        <location line="+34" />
        <source>{file} (rapat {meetings})</source>
        <translation>{file} (meeting {meetings})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/online/delivery.py" line="+152" />
        <source>menunggu</source>
        <translation>pending</translation>
    </message>
    <message>
        <location line="+1" />
        <source>terkirim</source>
        <translation>sent</translation>
    </message>
    <message>
        <location line="+1" />
        <source>gagal</source>
        <translation>failed</translation>
    </message>
    <message>
        <location line="+22" />
        <source>{sent} terkirim · {failed} gagal · {pending} menunggu</source>
        <translation>{sent} sent · {failed} failed · {pending} pending</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Server: {host}</source>
        <translation>Server: {host}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Server email belum diatur (admin).</source>
        <translation>No e-mail server set up yet (admin).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/online/matching.py" line="+82" />
        <source>Pilih orang di daftar.</source>
        <translation>Choose a person in the list.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{minutes} menit</source>
        <translation>{minutes} minutes</translation>
    </message>
    <message>
        <location line="+12" />
        <source>NIP {nip}</source>
        <translation>NIP {nip}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>tamu (tanpa akun)</source>
        <translation>guest (no account)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>→ {name}</source>
        <translation>→ {name}</translation>
    </message>
    <message>
        <location line="+82" />
        <source>{name}: {match}.</source>
        <translation>{name}: {match}.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Menyimpan keputusan…</source>
        <translation>Saving the decision…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/online/jobs.py" line="+50" />
        <source>Dihentikan.</source>
        <translation>Stopped.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/online/delivery.py" line="-44" />
        <source>{eligible} peserta layak sertifikat, {with_email} beremail.</source>
        <translation>{eligible} participants qualify for a certificate, {with_email} with an e-mail address.</translation>
    </message>
    <message>
        <location line="+64" />
        <source>Ekspor sertifikat ke ZIP</source>
        <translation>Export certificates to a ZIP</translation>
    </message>
    <message>
        <location line="+2" />
        <source>ZIP (*.zip)</source>
        <translation>ZIP (*.zip)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Ekspor sertifikat ke folder</source>
        <translation>Export certificates to a folder</translation>
    </message>
    <message>
        <location line="+24" />
        <source>{files} sertifikat diekspor ke {out}.</source>
        <translation>{files} certificate(s) exported to {out}.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{count} tanpa alamat email.</source>
        <translation>{count} without an e-mail address.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Mengekspor sertifikat…</source>
        <translation>Exporting certificates…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Hanya admin yang dapat mengatur server email.</source>
        <translation>Only an admin can set up the e-mail server.</translation>
    </message>
    <message>
        <location line="+51" />
        <source>Server email disimpan.</source>
        <translation>E-mail server saved.</translation>
    </message>
    <message>
        <location line="+23" />
        <source>{queued} baru diantrekan; {sent} terkirim, {failed} gagal, {pending} menunggu.</source>
        <translation>{queued} newly queued; {sent} sent, {failed} failed, {pending} pending.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Mengirim email…</source>
        <translation>Sending e-mails…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Pilih email yang akan dikirim ulang.</source>
        <translation>Choose the e-mails to send again.</translation>
    </message>
    <message>
        <location line="+20" />
        <source>{sent} terkirim, {failed} gagal, {pending} menunggu.</source>
        <translation>{sent} sent, {failed} failed, {pending} pending.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Mengirim ulang…</source>
        <translation>Sending again…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/online/matching.py" line="+11" />
        <source>Buka acara terlebih dahulu.</source>
        <translation>Open an event first.</translation>
    </message>
    <message>
        <location line="-203" />
        <source>sesuai tanggal di laporan</source>
        <translation>as dated in the report</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Hapus laporan kehadiran daring</source>
        <translation>Remove online attendance report</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hapus “{file}” ({rows} baris)? Menit peserta dihitung ulang tanpa laporan ini. Tulis alasannya untuk catatan audit:</source>
        <translation>Remove “{file}” ({rows} rows)? Participants’ minutes are counted again without this report. Give the reason for the audit log:</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hapus laporan</source>
        <translation>Remove report</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Laporan dihapus; menit dihitung ulang.</source>
        <translation>Report removed; minutes counted again.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Menghapus laporan…</source>
        <translation>Removing the report…</translation>
    </message>
    <message>
        <location line="+26" />
        <source>dihitung {minutes} menit bersama akun lain peserta ini</source>
        <translation>{minutes} minutes counted with this participant’s other accounts</translation>
    </message>
</context>
<context>
    <name>OnlineImportController</name>
    <message>
        <location filename="../../desktop/ui/online/importer.py" line="+48" />
        <source>Kehadiran daring untuk “{event}”</source>
        <translation>Online attendance for “{event}”</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Pilih laporan kehadiran</source>
        <translation>Choose an attendance report</translation>
    </message>
    <message>
        <location line="+72" />
        <source>; {date}, {start}–{end} {zone}</source>
        <translation>; {date}, {start}–{end} {zone}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>{variant}: {rows} baris, {names} nama{when}.</source>
        <translation>{variant}: {rows} rows, {names} names{when}.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>{count} baris tidak terbaca.</source>
        <translation>{count} row(s) could not be read.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Waktu acara: {minutes} menit.</source>
        <translation>Event time: {minutes} minutes.</translation>
    </message>
    <message>
        <location line="+56" />
        <source>{people} orang · {matched} cocok · {doubtful} ragu-ragu · {unmatched} tidak cocok · {eligible} layak sertifikat</source>
        <translation>{people} people · {matched} matched · {doubtful} doubtful · {unmatched} unmatched · {eligible} eligible for a certificate</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Berkas ini sudah pernah diimpor; tidak ada yang berubah.</source>
        <translation>This file was imported before; nothing changed.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>ragu-ragu: {name}</source>
        <translation>doubtful: {name}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>tidak cocok: {name}</source>
        <translation>unmatched: {name}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Putuskan di layar Daring:</source>
        <translation>Decide on the Online screen:</translation>
    </message>
    <message>
        <location line="-182" />
        <source>Laporan (*.csv *.txt *.xlsx);;Semua berkas (*)</source>
        <translation>Reports (*.csv *.txt *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <location line="+80" />
        <source>Rapat: {topic}.</source>
        <translation>Meeting: {topic}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tanggal dibaca hari/bulan/tahun.</source>
        <translation>Dates read as day/month/year.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Tanggal dibaca bulan/hari/tahun.</source>
        <translation>Dates read as month/day/year.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{count} baris ruang tunggu tidak dihitung.</source>
        <translation>{count} waiting-room rows not counted.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{count} host atau peserta telepon perlu diputuskan.</source>
        <translation>{count} hosts or phone participants need a decision.</translation>
    </message>
    <message>
        <location line="+80" />
        <source>host: {name}</source>
        <translation>host: {name}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>peserta telepon: {name}</source>
        <translation>phone participant: {name}</translation>
    </message>
</context>
<context>
    <name>OnlineImportDialog</name>
    <message>
        <location filename="../../desktop/ui/online/view.py" line="+419" />
        <source>Impor kehadiran daring</source>
        <translation>Import online attendance</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pilih berkas…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Zona waktu laporan</source>
        <translation>Report time zone</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Syarat sertifikat daring</source>
        <translation>Online certificate requirement</translation>
    </message>
    <message>
        <location line="+1" />
        <source>minimal persen waktu acara</source>
        <translation>minimum percent of the event's time</translation>
    </message>
    <message>
        <location line="+1" />
        <source>minimal menit</source>
        <translation>minimum minutes</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Impor</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="-13" />
        <source>Laporan peserta Zoom, webinar Zoom, Teams, atau Google Meet (CSV, XLSX)</source>
        <translation>Zoom participants, Zoom webinar, Teams or Google Meet report (CSV, XLSX)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Urutan tanggal</source>
        <translation>Date order</translation>
    </message>
    <message>
        <location line="+1" />
        <source>otomatis (sesuai tanggal acara)</source>
        <translation>automatic (by the event's dates)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>hari/bulan/tahun</source>
        <translation>day/month/year</translation>
    </message>
    <message>
        <location line="+1" />
        <source>bulan/hari/tahun</source>
        <translation>month/day/year</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rapat acara ini</source>
        <translation>This event's meeting</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tanggal rapat</source>
        <translation>Meeting date</translation>
    </message>
    <message>
        <location line="+31" />
        <source>— pilih rapat —</source>
        <translation>— choose the meeting —</translation>
    </message>
    <message>
        <location line="+9" />
        <source>— pilih tanggal —</source>
        <translation>— choose the date —</translation>
    </message>
</context>
<context>
    <name>OnlineView</name>
    <message>
        <location line="-279" />
        <source>Impor laporan Zoom / Meet…</source>
        <translation>Import a Zoom / Meet report…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kehadiran daring</source>
        <translation>Online attendance</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kirim sertifikat</source>
        <translation>Send certificates</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Putuskan</source>
        <translation>Decide</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kandidat peserta terdaftar (atau cari):</source>
        <translation>Registered candidates (or search):</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cari peserta terdaftar: nama atau NIP</source>
        <translation>Search registered participants: name or NIP</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tautkan ke peserta ini</source>
        <translation>Link to this participant</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Daftarkan sebagai peserta baru</source>
        <translation>Register as a new participant</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Abaikan (bukan peserta)</source>
        <translation>Ignore (not a participant)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ekspor: satu PDF per peserta, dengan daftar kirim</source>
        <translation>Export: one PDF per participant, with a mail-merge list</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Ekspor ke ZIP…</source>
        <translation>Export to ZIP…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ekspor ke folder…</source>
        <translation>Export to folder…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Server email (SMTP)…</source>
        <translation>E-mail server (SMTP)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kirim email</source>
        <translation>Send e-mails</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kirim ulang yang dipilih</source>
        <translation>Send the chosen ones again</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kirim ulang semua yang gagal</source>
        <translation>Send every failed one again</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Nama di Zoom/Meet</source>
        <translation>Name in Zoom/Meet</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Menit</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location line="-2" />
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="-23" />
        <source>Sertifikat untuk:</source>
        <translation>Certificates for:</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Daring saja</source>
        <translation>Online only</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Luring saja</source>
        <translation>In person only</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Semua</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Luring: hadir di meja minimal satu hari (juga bila ikut daring). Daring: hanya tercatat di Zoom/Meet. Yang sudah diantrekan tidak dikirim dua kali.</source>
        <translation>In person: checked in at a desk on at least one day (even if also online). Online: seen only in Zoom/Meet. Anyone already queued is not sent twice.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Email ke peserta yang layak</source>
        <translation>E-mail to qualifying participants</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Cocok</source>
        <translation>Match</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Peserta terdaftar</source>
        <translation>Registered participant</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kepada</source>
        <translation>To</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Percobaan</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alasan server</source>
        <translation>Server's reason</translation>
    </message>
    <message>
        <location line="-63" />
        <source>Laporan diimpor</source>
        <translation>Imported reports</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hapus laporan…</source>
        <translation>Remove report…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Laporan yang salah (berkas lain, atau hari yang keliru) dapat dihapus: menit dihitung ulang tanpa laporan itu, dan penghapusannya dicatat.</source>
        <translation>A wrong report (another file, or the wrong day) can be removed: minutes are counted again without it, and the removal is recorded.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Berkas</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hari</source>
        <translation>Day</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Diimpor</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Oleh</source>
        <translation>By</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Baris</source>
        <translation>Rows</translation>
    </message>
</context>
<context>
    <name>ParticipantTableModel</name>
    <message>
        <location filename="../../desktop/ui/participants/model.py" line="+112" />
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0" />
        <source>belum</source>
        <translation>not yet</translation>
    </message>
    <message>
        <location line="+17" />
        <source>No</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>NIP/NIK</source>
        <translation>NIP/NIK</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Gol</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hari {day}</source>
        <translation>Day {day}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Hari hadir</source>
        <translation>Days present</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Daring (menit)</source>
        <translation>Online (minutes)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Layak sertifikat</source>
        <translation>Certificate eligible</translation>
    </message>
</context>
<context>
    <name>ParticipantsController</name>
    <message>
        <location filename="../../desktop/ui/participants/controller.py" line="+116" />
        <source>Memuat peserta…</source>
        <translation>Loading participants…</translation>
    </message>
    <message>
        <location line="+65" />
        <source>Semua instansi</source>
        <translation>All agencies</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Semua status hadir</source>
        <translation>Any attendance</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Hadir hari {day}</source>
        <translation>Present on day {day}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Belum hadir hari {day}</source>
        <translation>Not yet present on day {day}</translation>
    </message>
    <message>
        <location line="+59" />
        <source>{total} peserta</source>
        <translation>{total} participants</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Menampilkan {shown} dari {total} peserta</source>
        <translation>Showing {shown} of {total} participants</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Ubah data peserta</source>
        <translation>Edit participant</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+80" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ekspor peserta</source>
        <translation>Export participants</translation>
    </message>
    <message>
        <location line="+15" />
        <source>No</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>NIP/NIK</source>
        <translation>NIP/NIK</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status ASN</source>
        <translation>ASN status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pangkat/Gol</source>
        <translation>Rank/grade</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jabatan</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit kerja</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No. HP</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Hari {day}</source>
        <translation>Day {day}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jumlah hari hadir</source>
        <translation>Days present</translation>
    </message>
    <message>
        <location line="+28" />
        <source>{rows} baris diekspor ke {path}</source>
        <translation>{rows} rows exported to {path}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Mengekspor…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>ParticipantsView</name>
    <message>
        <location filename="../../desktop/ui/participants/view.py" line="+133" />
        <source>Peserta</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Saring: nama, NIP, atau instansi (Ctrl+F)</source>
        <translation>Filter: name, NIP or agency (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ubah data (Enter)</source>
        <translation>Edit (Enter)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ekspor XLSX</source>
        <translation>Export XLSX</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ekspor CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Hari {day}</source>
        <translation>Day {day}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Hari hadir</source>
        <translation>Days present</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Daring (menit)</source>
        <translation>Online (minutes)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Layak sertifikat</source>
        <translation>Certificate eligible</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../desktop/ui/unlock/dialog.py" line="+62" />
        <source>Hadir: kata sandi data</source>
        <translation>Hadir: data passphrase</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Buat kata sandi pemulihan</source>
        <translation>Choose a recovery passphrase</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Buat</source>
        <translation>Create</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Buka data meja</source>
        <translation>Open the desk's data</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Data meja ini dienkripsi dan kuncinya tidak ada di brankas kunci laptop ini. Masukkan kata sandi pemulihan dari admin.</source>
        <translation>This desk's data is encrypted and its key is not in this laptop's keyring. Enter the recovery passphrase from the admin.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Kata sandi</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Ulangi</source>
        <translation>&amp;Again</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Kata sandi minimal {n} karakter.</source>
        <translation>A passphrase is at least {n} characters.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Kedua kata sandi berbeda.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kata sandi belum diisi.</source>
        <translation>Enter the passphrase.</translation>
    </message>
    <message>
        <location line="-49" />
        <source>Data meja ini dienkripsi. Laptop ini tidak punya brankas kunci (keyring) yang dapat dipakai, jadi admin memilih kata sandi pemulihan (minimal {n} karakter). Kata sandi ini diminta setiap kali Hadir dibuka dan untuk memulihkan cadangan di laptop lain. Catat dan simpan di tempat aman: tanpa kata sandi ini data tidak dapat dibuka. Bila kelak brankas kunci desktop (mis. GNOME Keyring atau KWallet) dipasang, Hadir menyimpan kunci di sana dan tidak meminta kata sandi lagi.</source>
        <translation>This desk's data is encrypted. This laptop has no usable keyring, so the admin chooses a recovery passphrase (at least {n} characters). It is asked every time Hadir opens, and to restore a backup on another laptop. Write it down and keep it somewhere safe: without it the data cannot be opened. If a desktop keyring (e.g. GNOME Keyring or KWallet) is installed later, Hadir keeps the key there and stops asking.</translation>
    </message>
</context>
<context>
    <name>Person</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="-26" />
        <source>laki-laki</source>
        <translation>male</translation>
    </message>
    <message>
        <location line="+2" />
        <source>perempuan</source>
        <translation>female</translation>
    </message>
    <message>
        <location line="+6" />
        <source>PNS</source>
        <translation>PNS</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PPPK</source>
        <translation>PPPK</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Non-ASN</source>
        <translation>Non-ASN</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../desktop/ui/walkin/form.py" line="+196" />
        <location line="+11" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PersonFormController</name>
    <message>
        <location filename="../../desktop/ui/walkin/controller.py" line="+53" />
        <source>N&amp;IP (18 digit)</source>
        <translation>N&amp;IP (18 digits)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>N&amp;I PPPK (18 digit)</source>
        <translation>N&amp;I PPPK (18 digits)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>N&amp;IK (16 digit, boleh kosong)</source>
        <translation>N&amp;IK (16 digits, optional)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>✓ Valid. Lahir {date}, {gender}.</source>
        <translation>✓ Valid. Born {date}, {gender}.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>{digits} dari {expected} digit</source>
        <translation>{digits} of {expected} digits</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Tamu non-ASN: NIK boleh dikosongkan.</source>
        <translation>Non-ASN guest: the NIK may be left empty.</translation>
    </message>
</context>
<context>
    <name>PersonFormView</name>
    <message>
        <location filename="../../desktop/ui/walkin/form.py" line="-106" />
        <source>&amp;Status ASN</source>
        <translation>ASN &amp;status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>N&amp;IP / NI PPPK / NIK</source>
        <translation>N&amp;IP / NI PPPK / NIK</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama &amp;lengkap dan gelar</source>
        <translation>Full &amp;name with titles</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pangkat/&amp;golongan</source>
        <translation>Rank/&amp;grade</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Jabatan</source>
        <translation>&amp;Position</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Unit kerja</source>
        <translation>&amp;Work unit</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Instansi</source>
        <translation>&amp;Agency</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Email</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No. &amp;HP</source>
        <translation>&amp;Mobile</translation>
    </message>
    <message>
        <location line="+6" />
        <source>mis. Dr. H. Ahmad Yani, S.H., M.H.</source>
        <translation>e.g. Dr. H. Ahmad Yani, S.H., M.H.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>ketik untuk saran dari data yang sudah ada</source>
        <translation>type for suggestions from known data</translation>
    </message>
    <message>
        <location line="+1" />
        <source>mis. III/a Penata Muda</source>
        <translation>e.g. III/a Penata Muda</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../desktop/ui/certificates/view.py" line="-272" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SetAside</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="+838" />
        <source>Orang ini sudah dihapus di kantor pusat (UU 27/2022). Perubahan ini tidak dikirim; penghapusan tetap berlaku. Daftarkan lagi bila orangnya meminta.</source>
        <translation>This person was erased at HQ (UU 27/2022). This change is not sent; the erasure stands. Register the person again if they ask.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Tanggal di komputer meja ini lebih maju dari kantor pusat, jadi perubahan ini ditolak. Betulkan tanggal dan jam komputer, lalu simpan perubahan itu lagi.</source>
        <translation>This desk's computer date is ahead of HQ's, so this change was refused. Correct the computer's date and time, then save the change again.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Waktu pada kolom {field} di luar tahun 2000 sampai 2099. Betulkan datanya, lalu sinkronkan lagi.</source>
        <translation>The time in field {field} is outside the years 2000 to 2099. Correct the data, then sync again.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Zona waktu acara tidak dikenal kantor pusat. Pilih WIB, WITA atau WIT pada acara itu.</source>
        <translation>HQ does not know the event's time zone. Choose WIB, WITA or WIT for that event.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Tanggal acara tidak masuk akal (selesai sebelum mulai, atau terlalu panjang). Betulkan tanggal acara, lalu sinkronkan lagi.</source>
        <translation>The event's dates make no sense (it ends before it starts, or is too long). Correct the event's dates, then sync again.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Pembatalan ini menunjuk kehadiran yang belum ada di kantor pusat. Sinkronkan meja yang mencatat kehadiran itu dulu.</source>
        <translation>This undo names a check-in HQ does not hold yet. Sync the desk that recorded that check-in first.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Pembatalan ini menunjuk pembatalan lain, bukan kehadiran.</source>
        <translation>This undo names another undo, not a check-in.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pembatalan ini bukan untuk acara, hari dan orang yang sama dengan kehadirannya.</source>
        <translation>This undo is not for the same event, day and person as its check-in.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kantor pusat tidak menerima data ini lewat hub lokasi: meja pembuatnya terdaftar di kantor wilayah lain. Gabungkan meja itu ke hub kantornya sendiri.</source>
        <translation>HQ does not accept this record through the venue hub: the desk that made it is enrolled for another regional office. Join that desk to its own office's hub.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Meja yang membuat data ini sudah dicabut di kantor pusat, jadi datanya tidak diterima lewat hub lokasi. Hubungi admin kantor pusat.</source>
        <translation>The desk that made this record was revoked at HQ, so its records are not accepted through the venue hub. Contact the HQ admin.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Data ini menyebut meja lain daripada meja yang dikatakan hub lokasi. Hubungi admin kantor pusat.</source>
        <translation>This record names another desk than the one the venue hub says made it. Contact the HQ admin.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Segel verifikasi sertifikat ini tidak cocok dengan sertifikatnya atau dengan kunci meja ini. Hubungi admin kantor pusat.</source>
        <translation>This certificate's verification seal does not match the certificate or this desk's key. Contact the HQ administrator.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Ditolak kantor pusat: {reason}</source>
        <translation>Refused by HQ: {reason}</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <location filename="../../desktop/ui/settings/controller.py" line="+85" />
        <source>Dibuka oleh admin {name}.</source>
        <translation>Opened by admin {name}.</translation>
    </message>
    <message>
        <location line="+23" />
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location line="+0" />
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Kunci data tersimpan di brankas kunci (keyring) laptop ini.</source>
        <translation>The data key is kept in this laptop's keyring.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Kata sandi pemulihan sudah dibuat; cadangan ke USB dapat dipulihkan di laptop lain.</source>
        <translation>A recovery passphrase is set; a USB backup can be restored on another laptop.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Data meja ini dienkripsi.</source>
        <translation>This desk's data is encrypted.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Kedua kata sandi berbeda.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location line="-29" />
        <source>Laptop ini tidak menyimpan kunci data: Hadir meminta kata sandi pemulihan setiap kali dibuka. Bila brankas kunci desktop (mis. GNOME Keyring atau KWallet) dipasang, Hadir menyimpan kunci di sana setelah kata sandi dimasukkan sekali lagi.</source>
        <translation>This laptop does not keep the data key: Hadir asks for the recovery passphrase every time it opens. If a desktop keyring (e.g. GNOME Keyring or KWallet) is installed, Hadir keeps the key there after the passphrase is entered once more.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Belum ada kata sandi pemulihan. Buat sekarang (minimal {n} karakter); tanpa kata sandi itu, cadangan di USB tidak dapat dibuka di laptop lain.</source>
        <translation>No recovery passphrase yet. Set one now (at least {n} characters); without it, a USB backup cannot be opened on another laptop.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/view.py" line="+90" />
        <source>Pengaturan meja</source>
        <translation>Desk settings</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Meja ini</source>
        <translation>This desk</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Nama &amp;meja</source>
        <translation>&amp;Desk name</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Kantor wilayah</source>
        <translation>Regional &amp;office</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Bahasa</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Operator</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama operator baru</source>
        <translation>New operator name</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Enkripsi data</source>
        <translation>Data encryption</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kata sandi pemulihan</source>
        <translation>Recovery passphrase</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ulangi kata sandi</source>
        <translation>Repeat the passphrase</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan kata sandi</source>
        <translation>Save passphrase</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-8" />
        <source>PIN (min. 4 digit)</source>
        <translation>PIN (4+ digits)</translation>
    </message>
</context>
<context>
    <name>SetupController</name>
    <message>
        <location filename="../../desktop/ui/start/controller.py" line="+67" />
        <source>Pilih kantor wilayah terlebih dahulu.</source>
        <translation>Choose the regional office first.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Membuat data demo…</source>
        <translation>Creating demo data…</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Nama admin wajib diisi.</source>
        <translation>The admin name is required.</translation>
    </message>
</context>
<context>
    <name>SetupView</name>
    <message>
        <location filename="../../desktop/ui/start/view.py" line="+127" />
        <source>Selamat datang di Hadir</source>
        <translation>Welcome to Hadir</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Meja registrasi ini bekerja tanpa internet. Pilih kantor wilayah dan nama meja, lalu buat akun admin pertama. PIN admin melindungi pengaturan.</source>
        <translation>This registration desk works without internet. Choose the regional office and a desk name, then create the first admin account. The admin PIN protects the settings.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Kantor wilayah</source>
        <translation>Regional &amp;office</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama &amp;meja</source>
        <translation>&amp;Desk name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama &amp;admin</source>
        <translation>Admin &amp;name</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PIN &amp;sekali lagi</source>
        <translation>PIN &amp;again</translation>
    </message>
    <message>
        <location line="+4" />
        <source>mis. Meja 1</source>
        <translation>e.g. Meja 1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Ketik nama provinsi, mis. Sulawesi Tengah</source>
        <translation>Type the province, e.g. Sulawesi Tengah</translation>
    </message>
    <message>
        <location line="+1" />
        <source>mis. Rina (koordinator)</source>
        <translation>e.g. Rina (coordinator)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Simpan dan mulai</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Coba dengan data demo</source>
        <translation>Try with demo data</translation>
    </message>
    <message>
        <location line="-11" />
        <source>&amp;PIN (minimal 4 digit)</source>
        <translation>&amp;PIN (at least 4 digits)</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Ingin mencoba terlebih dahulu? Data demo membuat acara contoh hari ini dengan 300 peserta dan admin “admin”; PIN-nya ditampilkan di layar. Data demo tidak pernah dikirim ke kantor pusat.</source>
        <translation>Want to try it first? Demo data creates a sample event today with 300 participants and an admin “admin”, whose PIN is shown on screen. Demo data is never sent to headquarters.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Kunci data tersimpan di brankas kunci (keyring) laptop ini, jadi Hadir terbuka tanpa kata sandi. Setelah mulai, admin membuat kata sandi pemulihan di Pengaturan agar cadangan dapat dibuka di laptop lain.</source>
        <translation>The data key is kept in this laptop's keyring, so Hadir opens without a passphrase. Once started, the admin sets a recovery passphrase in Settings so that backups can be opened on another laptop.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Laptop ini tidak punya brankas kunci (keyring), jadi Hadir meminta kata sandi pemulihan setiap kali dibuka. Admin wajib menyimpan kata sandi itu di tempat aman. Bila kelak brankas kunci desktop (mis. GNOME Keyring atau KWallet) dipasang, Hadir menyimpan kunci di sana dan tidak meminta kata sandi lagi.</source>
        <translation>This laptop has no keyring, so Hadir asks for the recovery passphrase every time it opens. The admin must keep that passphrase somewhere safe. If a desktop keyring (e.g. GNOME Keyring or KWallet) is installed later, Hadir keeps the key there and stops asking.</translation>
    </message>
</context>
<context>
    <name>SignInController</name>
    <message>
        <location filename="../../desktop/ui/signin/controller.py" line="+35" />
        <source>Data demo siap: {count} peserta. Masuk sebagai “{name}” dengan PIN {pin}. Catat PIN ini. PIN tidak akan ditampilkan lagi.</source>
        <translation>Demo data ready: {count} participants. Sign in as “{name}” with PIN {pin}. Write this PIN down. It will not be shown again.</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../desktop/ui/signin/view.py" line="+101" />
        <location line="+3" />
        <source>Masuk</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="-2" />
        <source>&amp;Nama operator</source>
        <translation>Operator &amp;name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;PIN</source>
        <translation>&amp;PIN</translation>
    </message>
</context>
<context>
    <name>SmtpDialog</name>
    <message>
        <location filename="../../desktop/ui/online/view.py" line="+322" />
        <source>Server email (SMTP)</source>
        <translation>E-mail server (SMTP)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keamanan</source>
        <translation>Security</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alamat pengirim</source>
        <translation>Sender address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nama pengirim</source>
        <translation>Sender name</translation>
    </message>
    <message>
        <location line="+6" />
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (port 587)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS (port 465)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tanpa enkripsi (hanya jaringan kantor)</source>
        <translation>No encryption (office network only)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>biarkan kosong untuk tetap memakai yang tersimpan</source>
        <translation>leave empty to keep the stored one</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StationsController</name>
    <message>
        <location filename="../../desktop/ui/sync/stations.py" line="+154" />
        <source>terakhir terhubung {time}</source>
        <translation>last connected {time}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>belum pernah terhubung</source>
        <translation>never connected</translation>
    </message>
    <message>
        <location line="+33" />
        <source>Hapus stasiun</source>
        <translation>Remove station</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Hapus stasiun “{name}”? HP itu langsung tidak dapat mencatat kehadiran lagi; kehadiran yang sudah dicatatnya tetap tersimpan.</source>
        <translation>Remove the station “{name}”? That phone stops recording attendance at once; the check-ins it recorded are kept.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Stasiun “{name}” dihapus.</source>
        <translation>Station “{name}” removed.</translation>
    </message>
</context>
<context>
    <name>StationsDialog</name>
    <message>
        <location line="-171" />
        <source>Stasiun check-in HP/tablet</source>
        <translation>Phone/tablet check-in stations</translation>
    </message>
    <message>
        <location line="+3" />
        <source>HP atau tablet di Wi-Fi yang sama dapat mencatat kehadiran lewat hub ini. Beri nama, lalu pindai kode QR-nya dengan kamera HP itu. Kode QR memuat kunci stasiun: tunjukkan hanya kepada HP yang akan dipakai.</source>
        <translation>A phone or tablet on the same Wi-Fi can record attendance through this hub. Give it a name, then scan its QR code with that phone's camera. The QR code holds the station's key: show it only to the phone that will use it.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>mis. HP 1</source>
        <translation>e.g. Phone 1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Tambah stasiun</source>
        <translation>Add station</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Stasiun hub ini</source>
        <translation>This hub's stations</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Hapus stasiun</source>
        <translation>Remove station</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Pindai dengan kamera HP “{name}” lalu buka alamatnya di browser. Kamera di halaman stasiun hanya jalan lewat https; tanpa itu ketik nama/NIP atau pakai pemindai Bluetooth.</source>
        <translation>Scan with the camera of the phone “{name}”, then open the address in its browser. The station page's camera works only over https; without it, type a name/NIP or use a Bluetooth scanner.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="+66" />
        <source>Sinkronisasi: {error}</source>
        <translation>Sync: {error}</translation>
    </message>
    <message>
        <location line="+24" />
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Menyinkronkan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Belum dicoba</source>
        <translation>Not tried yet</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+2" />
        <source>semua data di kantor pusat</source>
        <translation>all data at HQ</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{count} menunggu</source>
        <translation>{count} pending</translation>
    </message>
    <message>
        <location line="+4" />
        <source>terakhir {time}</source>
        <translation>last {time}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>⚠ {count} masalah</source>
        <translation>⚠ {count} problem(s)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sinkron: {state}</source>
        <translation>Sync: {state}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Meja ini belum terhubung ke kantor pusat. Semua data tetap tersimpan di sini.</source>
        <translation>This desk is not connected to HQ yet. All data stays safely here.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Semua data sudah di kantor pusat.</source>
        <translation>All data is at HQ.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{count} data menunggu dikirim ke kantor pusat.</source>
        <translation>{count} record(s) waiting to be sent to HQ.</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+225" />
        <source>{count} data disisihkan oleh kantor pusat; lihat alasannya.</source>
        <translation>{count} record(s) set aside by HQ; see the reasons.</translation>
    </message>
    <message>
        <location line="-218" />
        <source>Menunggu pemeriksaan akhir dengan kantor pusat.</source>
        <translation>Waiting for the final check with HQ.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>belum diatur</source>
        <translation>not set up</translation>
    </message>
    <message>
        <location line="+2" />
        <source>belum dicoba</source>
        <translation>not tried yet</translation>
    </message>
    <message>
        <location line="+2" />
        <source>terhubung</source>
        <translation>connected</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+87" />
        <source>tidak terhubung</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location line="-78" />
        <source>sekarang</source>
        <translation>now</translation>
    </message>
    <message>
        <location line="+2" />
        <source>dalam {minutes} menit</source>
        <translation>in {minutes} minutes</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+200" />
        <source>Jam komputer ini berbeda {seconds} detik dari kantor pusat: periksa tanggal dan jam.</source>
        <translation>This computer's clock differs from HQ by {seconds} seconds: check the date and time.</translation>
    </message>
    <message>
        <location line="-134" />
        <source>berhasil</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <location line="+1" />
        <source>belum tuntas</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <location line="+2" />
        <source>ditolak</source>
        <translation>refused</translation>
    </message>
    <message>
        <location line="+1" />
        <source>belum terdaftar</source>
        <translation>not enrolled</translation>
    </message>
    <message>
        <location line="+1" />
        <source>sedang berjalan</source>
        <translation>already running</translation>
    </message>
    <message>
        <location line="+1" />
        <source>dihentikan</source>
        <translation>stopped</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Mengirim</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mengambil</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mencocokkan</source>
        <translation>Reconciling</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{phase}: {done} dari {total}</source>
        <translation>{phase}: {done} of {total}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{phase}: {done}</source>
        <translation>{phase}: {done}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Tunggu sinkronisasi yang sedang berjalan.</source>
        <translation>Wait for the running sync.</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Terhubung ke {server} sebagai {desk}.</source>
        <translation>Connected to {server} as {desk}.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>{count} data akan dikirim ulang.</source>
        <translation>{count} record(s) will be sent again.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Simpan paket USB</source>
        <translation>Save USB bundle</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Paket Hadir (*.hadir);;Semua berkas (*)</source>
        <translation>Hadir bundle (*.hadir);;All files (*)</translation>
    </message>
    <message>
        <location line="+15" />
        <source>{items} data ditulis ke {file}.</source>
        <translation>{items} record(s) written to {file}.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Berkas ini dienkripsi untuk kantor pusat.</source>
        <translation>The file is encrypted for headquarters.</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Meja ini belum terhubung ke kantor pusat.</source>
        <translation>This desk is not connected to headquarters yet.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pengiriman sudah gagal {attempts} kali: {error}</source>
        <translation>Sending has failed {attempts} times: {error}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{count} perubahan dari kantor pusat menunggu data yang belum diterima.</source>
        <translation>{count} changes from headquarters are waiting for records not received yet.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sambungan ke kantor pusat tidak terenkripsi (http://).</source>
        <translation>The connection to headquarters is not encrypted (http://).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pengaturan sertifikat acara “{title}” yang diubah di meja ini diganti dengan versi {by}, yang terakhir diterima kantor pusat.</source>
        <translation>The certificate settings of “{title}” changed on this desk were replaced by {by}'s version, which HQ received last.</translation>
    </message>
    <message>
        <location line="-22" />
        <source>Berkas ini TIDAK dienkripsi: meja ini belum menerima kunci kantor pusat (diterima pada sinkronisasi berikutnya). Simpan flashdisk ini dengan aman.</source>
        <translation>This file is NOT encrypted: this desk has not received headquarters' key yet (it arrives with the next sync). Keep this USB stick safe.</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <location filename="../../desktop/ui/sync/view.py" line="+238" />
        <source>Sinkronisasi dengan kantor pusat</source>
        <translation>Sync with HQ</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sinkronkan sekarang</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Koneksi</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Menunggu dikirim</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+55" />
        <source>Disisihkan</source>
        <translation>Set aside</translation>
    </message>
    <message>
        <location line="-54" />
        <source>Terakhir berhasil</source>
        <translation>Last success</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Percobaan terakhir</source>
        <translation>Last attempt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Berikutnya</source>
        <translation>Next</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Paket USB (tanpa internet)</source>
        <translation>USB bundle (no internet)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Tulis semua data yang belum diterima kantor pusat ke satu berkas bertanda tangan dan terenkripsi untuk kantor pusat; kantor pusat mengimpornya dengan “hadir-hq import-bundle”.</source>
        <translation>Write everything headquarters has not received into one signed file, encrypted for headquarters; headquarters imports it with “hadir-hq import-bundle”.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>termasuk data yang sudah diterima</source>
        <translation>including data already received</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ekspor paket USB…</source>
        <translation>Export USB bundle…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hubungkan meja ini ke kantor pusat (admin)</source>
        <translation>Connect this desk to HQ (admin)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Minta kode pendaftaran sekali pakai dari admin kantor pusat.</source>
        <translation>Ask HQ's admin for a one-time enrollment code.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kode pendaftaran</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Nama meja</source>
        <translation>Desk name</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hubungkan</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Lokasi (beberapa meja)</source>
        <translation>Venue (several desks)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jadikan meja ini hub lokasi</source>
        <translation>Make this desk the venue hub</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Berhenti jadi hub</source>
        <translation>Stop being the hub</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tambah stasiun HP/tablet</source>
        <translation>Add phone/tablet station</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+4" />
        <source>Alamat hub</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location line="-4" />
        <location line="+5" />
        <source>Kode pasangan</source>
        <translation>Pairing code</translation>
    </message>
    <message>
        <location line="-5" />
        <source>Sidik jari</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location line="+7" />
        <source>6 angka dari layar hub</source>
        <translation>6 digits from the hub's screen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Gabung ke hub</source>
        <translation>Join the hub</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keluar dari hub</source>
        <translation>Leave the hub</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Riwayat</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Disisihkan kantor pusat</source>
        <translation>Set aside by HQ</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kirim ulang</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Mulai</source>
        <translation>Started</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Menunggu</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pesan</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Catatan</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Dibuat</source>
        <translation>Made</translation>
    </message>
</context>
<context>
    <name>Time</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="-982" />
        <source>{hour:02d}.{minute:02d}</source>
        <translation>{hour:02d}:{minute:02d}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Januari</source>
        <translation>January</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Februari</source>
        <translation>February</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Maret</source>
        <translation>March</translation>
    </message>
    <message>
        <location line="+1" />
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mei</source>
        <translation>May</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Juni</source>
        <translation>June</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Juli</source>
        <translation>July</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Agustus</source>
        <translation>August</translation>
    </message>
    <message>
        <location line="+1" />
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Oktober</source>
        <translation>October</translation>
    </message>
    <message>
        <location line="+1" />
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Desember</source>
        <translation>December</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Senin</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Selasa</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rabu</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kamis</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jumat</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sabtu</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Minggu</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Hari {number} · {weekday}, {date}</source>
        <translation>Day {number} · {weekday}, {date}</translation>
    </message>
</context>
<context>
    <name>VenueController</name>
    <message>
        <location filename="../../desktop/ui/sync/venue.py" line="+150" />
        <source>Meja ini hub lokasi. Di meja lain pilih “Gabung ke hub” dengan alamat dan kode di bawah; sidik jari hub tampil di meja itu setelah bergabung.</source>
        <translation>This desk is the venue hub. On another desk choose “Join the hub” with the address and code below; the hub's fingerprint shows on that desk once it has joined.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Meja yang bergabung: {desks}.</source>
        <translation>Desks joined: {desks}.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Belum ada meja yang bergabung.</source>
        <translation>No desk has joined yet.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Meja ini mengambil alih sebagai hub dari {desk}: meja lain pindah ke sini tanpa kode baru.</source>
        <translation>This desk took over as hub from {desk}: the other desks move here without a new code.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Meja ini bergabung ke hub {desk} di {url}.</source>
        <translation>This desk has joined hub {desk} at {url}.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Meja ini pindah ke hub ini sendiri karena hub {desk} tidak terjangkau.</source>
        <translation>This desk moved to this hub by itself because the hub {desk} could not be reached.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{count} data meja ini sudah di hub, menunggu dikirim hub ke kantor pusat.</source>
        <translation>{count} of this desk's records are at the hub, waiting for the hub to send them to HQ.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Hub tidak terjangkau. Jika laptop hub mati atau pergi, jadikan meja ini hub lokasi: meja lain pindah ke sini sendiri, tanpa kode baru.</source>
        <translation>The hub cannot be reached. If the hub's laptop died or left, make this desk the venue hub: the other desks move here by themselves, without a new code.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Meja ini pernah menjadi hub lokasi, tetapi sekarang tidak melayani meja lain.</source>
        <translation>This desk was the venue hub but is not serving other desks now.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Beberapa meja di satu lokasi: satu meja menjadi hub lokasi, meja lain bergabung ke hub itu lewat Wi-Fi/LAN (tanpa internet).</source>
        <translation>Several desks at one venue: one desk becomes the venue hub, the others join it over Wi-Fi/LAN (no internet needed).</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Kode QR untuk bergabung ke hub</source>
        <translation>QR code to join the hub</translation>
    </message>
    <message>
        <location line="+70" />
        <source>Meja ini berhenti melayani meja lain.</source>
        <translation>This desk stopped serving other desks.</translation>
    </message>
    <message>
        <location line="+42" />
        <source>Isi alamat hub dan kode pasangan yang tampil di hub.</source>
        <translation>Enter the hub's address and the pairing code shown on the hub.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Bergabung ke hub {desk}. Sidik jari hub: {fingerprint}.</source>
        <translation>Joined hub {desk}. Hub fingerprint: {fingerprint}.</translation>
    </message>
    <message>
        <location line="+16" />
        <location line="+57" />
        <source>Tunggu sinkronisasi yang sedang berjalan.</source>
        <translation>Wait for the sync under way to finish.</translation>
    </message>
    <message>
        <location line="-29" />
        <source>Kode QR hub terbaca: {url}. Sidik jari yang diharapkan: {fp}.</source>
        <translation>Hub QR code read: {url}. Expected fingerprint: {fp}.</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Meja ini tidak lagi memakai hub. Semua data tetap tersimpan di sini.</source>
        <translation>This desk no longer uses a hub. All data stays stored here.</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Hub lokasi: meja ini ({count} meja bergabung)</source>
        <translation>Venue hub: this desk ({count} desks joined)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Hub lokasi: pindah ke {desk} (hub {old} tidak terjangkau)</source>
        <translation>Venue hub: moved to {desk} (hub {old} unreachable)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Hub lokasi: terhubung ({desk})</source>
        <translation>Venue hub: connected ({desk})</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Hub lokasi tidak terjangkau — meja bekerja sendiri</source>
        <translation>Venue hub unreachable — desk working alone</translation>
    </message>
</context>
<context>
    <name>WalkinController</name>
    <message>
        <location filename="../../desktop/ui/walkin/controller.py" line="+73" />
        <source>Daftar peserta baru</source>
        <translation>Register a new participant</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Daftarkan dan hadirkan</source>
        <translation>Register and check in</translation>
    </message>
    <message>
        <location line="+32" />
        <source>{name} sudah dikenal meja ini (dari acara lain). Periksa datanya, lalu simpan untuk mendaftarkan dan menghadirkannya.</source>
        <translation>{name} is already known to this desk (from another event). Check the details, then save to register and check them in.</translation>
    </message>
    <message>
        <location line="-36" />
        <source>Peserta baru untuk {event}, hari {day}. Simpan untuk mendaftarkan dan mencatat hadir sekaligus.</source>
        <translation>New participant for {event}, day {day}. Saving registers them and checks them in at once.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/app.py" line="+220" />
        <source>Kata sandi salah. Coba lagi.</source>
        <translation>Wrong passphrase. Try again.</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Data meja rusak</source>
        <translation>The desk's data is damaged</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Berkas data meja ini rusak dan tidak akan diubah. Pulihkan dari cadangan terbaru yang baik ({backup})? Berkas yang rusak tetap disimpan.</source>
        <translation>This desk's data file is damaged and will not be changed. Restore the newest good backup ({backup})? The damaged file is kept.</translation>
    </message>
</context>
</TS>
