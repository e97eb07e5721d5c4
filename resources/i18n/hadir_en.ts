<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminPinDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/view.py" line="+66"/>
        <source>PIN admin</source>
        <translation>Admin PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pengaturan dilindungi PIN admin. Minta admin memasukkan nama dan PIN.</source>
        <translation>The settings are protected by an admin PIN. Ask an admin to enter their name and PIN.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Nama admin</source>
        <translation>Admin &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PIN</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Buka pengaturan</source>
        <translation>Open settings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CheckinController</name>
    <message>
        <location filename="../../desktop/ui/checkin/controller.py" line="+178"/>
        <location line="+33"/>
        <source>Hasil pencarian</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location line="-32"/>
        <location line="+84"/>
        <source>Ketik minimal 2 huruf, atau 3 angka NIP/NIK.</source>
        <translation>Type at least 2 letters, or 3 digits of a NIP/NIK.</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Tidak ada peserta yang cocok dengan “{text}”. Daftarkan sebagai peserta baru: Ctrl+N.</source>
        <translation>No participant matches “{text}”. Register a new participant: Ctrl+N.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Masih banyak yang cocok: ketik lebih lengkap.</source>
        <translation>Many more match: type more.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hasil pencarian ({count})</source>
        <translation>Search results ({count})</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+226"/>
        <location line="+60"/>
        <source>pukul {time}</source>
        <translation>at {time}</translation>
    </message>
    <message>
        <location line="-281"/>
        <source>Belum ada check-in di meja ini untuk hari ini.</source>
        <translation>No check-ins at this desk for this day yet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baru saja hadir di meja ini</source>
        <translation>Just checked in at this desk</translation>
    </message>
    <message>
        <location line="+212"/>
        <source>Daftar peserta baru (Ctrl+N)</source>
        <translation>Register new participant (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>HADIR</source>
        <translation>PRESENT</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tercatat hadir. Silakan pindai peserta berikutnya.</source>
        <translation>Recorded as present. Scan the next participant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SUDAH HADIR</source>
        <translation>ALREADY PRESENT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pukul {time} ({desk})</source>
        <translation>at {time} ({desk})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sudah hadir pukul {time} ({desk}). Tidak dicatat dua kali.</source>
        <translation>Already present at {time} ({desk}). Not recorded twice.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>BELUM TERDAFTAR</source>
        <translation>NOT REGISTERED</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Periksa nomornya, atau daftarkan sebagai peserta baru.</source>
        <translation>Check the number, or register them as a new participant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NOMOR TIDAK VALID</source>
        <translation>INVALID NUMBER</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Periksa nomornya lalu pindai atau ketik ulang.</source>
        <translation>Check the number, then scan or type it again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Periksa lalu pindai atau ketik ulang.</source>
        <translation>Check it, then scan or type again.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>TIDAK BISA</source>
        <translation>NOT POSSIBLE</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>TIDAK DITEMUKAN</source>
        <translation>NOT FOUND</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tidak ada peserta “{text}” di acara ini.</source>
        <translation>No participant “{text}” in this event.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Periksa ejaannya, atau daftarkan sebagai peserta baru.</source>
        <translation>Check the spelling, or register them as a new participant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PILIH PESERTA</source>
        <translation>CHOOSE A PARTICIPANT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} peserta cocok.</source>
        <translation>{count} participants match.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pilih dengan ↑ ↓ lalu tekan Enter, atau ketik lebih lengkap.</source>
        <translation>Choose with ↑ ↓ and press Enter, or type more.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DIBATALKAN</source>
        <translation>UNDONE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check-in pukul {time}</source>
        <translation>check-in at {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kehadiran ini dibatalkan. Pindai lagi bila ternyata hadir.</source>
        <translation>This check-in was undone. Scan again if they are in fact present.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BELUM ADA ACARA</source>
        <translation>NO EVENT OPEN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Buka acara dulu.</source>
        <translation>Open an event first.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pilih atau buat acara di layar Acara (Ctrl+3), lalu tekan Enter untuk membukanya di sini.</source>
        <translation>Choose or create an event on the Events screen (Ctrl+3), then press Enter to open it here.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+15"/>
        <source>SIAP</source>
        <translation>READY</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Hari ini bukan hari acara: check-in dicatat untuk hari {day}. Ganti dengan Ctrl+D.</source>
        <translation>Today is not an event day: check-ins are recorded for day {day}. Change it with Ctrl+D.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>TERAKHIR</source>
        <translation>LAST</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check-in terakhir di meja ini. Silakan pindai peserta berikutnya.</source>
        <translation>The last check-in at this desk. Scan the next participant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pindai NIP atau ketik nama peserta.</source>
        <translation>Scan a NIP or type a participant&apos;s name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hasil check-in tampil di sini, besar dan berwarna.</source>
        <translation>Check-in results show here, big and in colour.</translation>
    </message>
</context>
<context>
    <name>CheckinView</name>
    <message>
        <location filename="../../desktop/ui/checkin/view.py" line="+338"/>
        <source>Ketik nama atau pindai NIP/NIK, lalu Enter</source>
        <translation>Type a name or scan a NIP/NIK, then Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hari (Ctrl+D)</source>
        <translation>Day (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hadir / terdaftar hari ini</source>
        <translation>present / registered today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daftar peserta baru (Ctrl+N)</source>
        <translation>Register new participant (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batalkan check-in terakhir (Ctrl+Z)</source>
        <translation>Undo last check-in (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>↑ ↓ pilih · Enter hadirkan · Esc kosongkan</source>
        <translation>↑ ↓ choose · Enter check in · Esc clear</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../desktop/ui/statusbar.py" line="+44"/>
        <source>Meja: {desk}</source>
        <translation>Desk: {desk}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operator: {name}</source>
        <translation>Operator: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator: belum masuk</source>
        <translation>Operator: not signed in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sinkronisasi: belum diatur</source>
        <translation>Sync: not set up</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="+171"/>
        <source>Tidak dapat dilakukan: {detail}</source>
        <translation>Could not be done: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terjadi kesalahan tak terduga ({kind}). Rinciannya ada di log.</source>
        <translation>An unexpected error occurred ({kind}). The details are in the log.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>NIP atau NIK belum diisi.</source>
        <translation>No NIP or NIK was entered.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{raw}” bukan NIP: NIP hanya berisi angka.</source>
        <translation>“{raw}” is not a NIP: a NIP has digits only.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{raw} adalah NIP lama (9 digit) yang tidak berlaku lagi. Minta NIP 18 digit.</source>
        <translation>{raw} is an old 9-digit NIP, no longer in use. Ask for the 18-digit NIP.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nomor ini {length} digit. NIP dan NI PPPK 18 digit, NIK 16 digit.</source>
        <translation>This number has {length} digits. A NIP or NI PPPK has 18 digits, a NIK 16.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NIP {raw} tidak valid: 8 digit pertama bukan tanggal lahir yang benar.</source>
        <translation>NIP {raw} is not valid: its first 8 digits are not a real birth date.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NIP {raw} tidak valid: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan).</source>
        <translation>NIP {raw} is not valid: digit 15 must be 1 (male) or 2 (female).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>NIP {raw} tidak valid: 3 digit terakhir tidak boleh 000.</source>
        <translation>NIP {raw} is not valid: its last 3 digits cannot be 000.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NIP {raw} tidak valid: digit ke-9 sampai ke-14 bukan TMT CPNS yang benar.</source>
        <translation>NIP {raw} is not valid: digits 9 to 14 are not a real appointment date (TMT CPNS).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NIP {raw} tidak valid: tahun lahir dan tahun pengangkatan tidak masuk akal.</source>
        <translation>NIP {raw} is not valid: its birth year and appointment year are not plausible.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>NIK {raw} tidak valid: dua digit pertama bukan kode provinsi.</source>
        <translation>NIK {raw} is not valid: its first two digits are not a province code.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{number} tidak terdaftar di acara ini.</source>
        <translation>{number} is not registered for this event.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data itu tidak ada di meja ini.</source>
        <translation>That record is not on this desk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama lengkap wajib diisi.</source>
        <translation>The full name is required.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NIP wajib diisi untuk PNS dan PPPK. Tamu tanpa NIP: pilih Non-ASN.</source>
        <translation>A NIP is required for PNS and PPPK. For a guest without a NIP, choose Non-ASN.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” bukan alamat email.</source>
        <translation>“{value}” is not an e-mail address.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hari ini bukan hari acara: pilih harinya.</source>
        <translation>Today is not an event day: choose the day.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hari {day} bukan hari acara ini.</source>
        <translation>Day {day} is not a day of this event.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check-in itu sudah dibatalkan.</source>
        <translation>That check-in was already undone.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belum ada check-in di meja ini yang bisa dibatalkan.</source>
        <translation>There is no check-in at this desk to undo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acara perlu judul.</source>
        <translation>An event needs a title.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode acara harus luring, daring, atau hybrid.</source>
        <translation>The mode must be in person, online or hybrid.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara harus selesai setelah dimulai, dan paling lama 31 hari.</source>
        <translation>An event must end after it starts, and last at most 31 days.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>JP tidak boleh negatif.</source>
        <translation>JP cannot be negative.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NIP penanda tangan tidak valid.</source>
        <translation>The signatory&apos;s NIP is not valid.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Meja perlu nama, misalnya “Meja 1”.</source>
        <translation>The desk needs a name, e.g. “Meja 1”.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN minimal 4 angka.</source>
        <translation>A PIN has at least 4 digits.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kedua PIN tidak sama.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama operator atau PIN salah.</source>
        <translation>Unknown operator or wrong PIN.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terlalu banyak PIN salah. Coba lagi dalam {minutes} menit.</source>
        <translation>Too many wrong PINs. Try again in {minutes} minutes.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Operator perlu nama.</source>
        <translation>An operator needs a name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudah ada operator dengan nama itu.</source>
        <translation>There is already an operator with that name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hanya admin yang dapat membuka pengaturan.</source>
        <translation>Only an admin can open the settings.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Belum ada kolom yang dipetakan ke Nama.</source>
        <translation>No column is mapped to the name (Nama) yet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NIP/NIK {number} muncul dua kali; sudah ada di baris {first_row}.</source>
        <translation>NIP/NIK {number} appears twice; it is already on row {first_row}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NIP/NIK {number} sudah dimiliki peserta lain.</source>
        <translation>NIP/NIK {number} already belongs to another participant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama kosong.</source>
        <translation>The name is empty.</translation>
    </message>
</context>
<context>
    <name>Event</name>
    <message>
        <location line="-111"/>
        <source>Luring (tatap muka)</source>
        <translation>In person (luring)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Daring (online)</source>
        <translation>Online (daring)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hybrid</source>
        <translation>Hybrid</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../desktop/ui/events/view.py" line="+202"/>
        <source>&amp;Judul</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Tema</source>
        <translation>T&amp;heme</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tem&amp;pat</source>
        <translation>&amp;Venue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Mulai</source>
        <translation>&amp;Starts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Selesai</source>
        <translation>&amp;Ends</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Zona waktu</source>
        <translation>Time &amp;zone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>M&amp;ode</source>
        <translation>M&amp;ode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>J&amp;P (jam pelajaran)</source>
        <translation>J&amp;P (lesson hours)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Nama</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ja&amp;batan</source>
        <translation>Pos&amp;ition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;IP</source>
        <translation>N&amp;IP</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penanda tangan sertifikat</source>
        <translation>Certificate signatory</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tidak ada</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mis. Kepala Kantor Wilayah</source>
        <translation>e.g. Kepala Kantor Wilayah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>EventsController</name>
    <message>
        <location filename="../../desktop/ui/events/controller.py" line="+61"/>
        <source>[demo]</source>
        <translation>[demo]</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Acara baru</source>
        <translation>New event</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ubah acara</source>
        <translation>Edit event</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Dicetak di bawah nama penanda tangan.</source>
        <translation>Printed under the signatory&apos;s name.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✓ NIP valid.</source>
        <translation>✓ Valid NIP.</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <location filename="../../desktop/ui/events/view.py" line="-126"/>
        <source>Acara</source>
        <translation>Events</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pilih acara dengan ↑ ↓ lalu Enter untuk membukanya di layar check-in.</source>
        <translation>Choose an event with ↑ ↓ and press Enter to open it on the check-in screen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tanggal</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tempat</source>
        <translation>Venue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terdaftar</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Buka untuk check-in (Enter)</source>
        <translation>Open for check-in (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara baru (Ctrl+N)</source>
        <translation>New event (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ubah (Ctrl+E)</source>
        <translation>Edit (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impor peserta (Ctrl+I)</source>
        <translation>Import participants (Ctrl+I)</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../desktop/ui/importer/controller.py" line="+42"/>
        <source>Impor peserta ke “{event}”</source>
        <translation>Import participants into “{event}”</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NIP/NIK</source>
        <translation>NIP/NIK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status ASN</source>
        <translation>ASN status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pangkat/Gol</source>
        <translation>Rank/grade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jabatan</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit kerja</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No. HP</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(abaikan)</source>
        <translation>(ignore)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pilih daftar peserta</source>
        <translation>Choose a participant list</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daftar peserta (*.xlsx *.csv *.txt);;Semua berkas (*)</source>
        <translation>Participant lists (*.xlsx *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Header di baris {row}; {count} baris data.</source>
        <translation>Header on row {row}; {count} data rows.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kolom yang tidak dikenali (kuning): {names}. Pilih isinya di baris pertama, atau biarkan diabaikan.</source>
        <translation>Columns not recognised (yellow): {names}. Choose what they hold in the first row, or leave them ignored.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Impor dihentikan. Tidak ada yang diubah.</source>
        <translation>Import stopped. Nothing was changed.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Selesai: {imported} peserta baru terdaftar, {updated} diperbarui, {unchanged} tidak berubah, {skipped} baris dilewati.</source>
        <translation>Done: {imported} new participants registered, {updated} updated, {unchanged} unchanged, {skipped} rows skipped.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/importer/view.py" line="+100"/>
        <source>Impor daftar peserta</source>
        <translation>Import a participant list</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pilih berkas…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Berkas Excel (.xlsx) atau CSV</source>
        <translation>Excel (.xlsx) or CSV file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impor</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baris</source>
        <translation>Row</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alasan dilewati</source>
        <translation>Why it was skipped</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Isi kolom</source>
        <translation>Column holds</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/shell/window.py" line="+99"/>
        <source>Hadir — meja registrasi</source>
        <translation>Hadir — registration desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check-in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Peserta</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Acara</source>
        <translation>Events</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sertifikat</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pengaturan (Ctrl+,)</source>
        <translation>Settings (Ctrl+,)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keluar (Ctrl+L)</source>
        <translation>Sign out (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>ParticipantTableModel</name>
    <message>
        <location filename="../../desktop/ui/participants/model.py" line="+118"/>
        <source>No</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NIP/NIK</source>
        <translation>NIP/NIK</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gol</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hari {day}</source>
        <translation>Day {day}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hari hadir</source>
        <translation>Days present</translation>
    </message>
</context>
<context>
    <name>ParticipantsController</name>
    <message>
        <location filename="../../desktop/ui/participants/controller.py" line="+89"/>
        <source>Memuat peserta…</source>
        <translation>Loading participants…</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Semua instansi</source>
        <translation>All agencies</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Semua status hadir</source>
        <translation>Any attendance</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hadir hari {day}</source>
        <translation>Present on day {day}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belum hadir hari {day}</source>
        <translation>Not yet present on day {day}</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{total} peserta</source>
        <translation>{total} participants</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Menampilkan {shown} dari {total} peserta</source>
        <translation>Showing {shown} of {total} participants</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Ubah data peserta</source>
        <translation>Edit participant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor peserta</source>
        <translation>Export participants</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NIP/NIK</source>
        <translation>NIP/NIK</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status ASN</source>
        <translation>ASN status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pangkat/Gol</source>
        <translation>Rank/grade</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Jabatan</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit kerja</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No. HP</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hari {day}</source>
        <translation>Day {day}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Jumlah hari hadir</source>
        <translation>Days present</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{rows} baris diekspor ke {path}</source>
        <translation>{rows} rows exported to {path}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Mengekspor…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>ParticipantsView</name>
    <message>
        <location filename="../../desktop/ui/participants/view.py" line="+120"/>
        <source>Peserta</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saring: nama, NIP, atau instansi (Ctrl+F)</source>
        <translation>Filter: name, NIP or agency (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hentikan</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ubah data (Enter)</source>
        <translation>Edit (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor XLSX</source>
        <translation>Export XLSX</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Hari {day}</source>
        <translation>Day {day}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Hari hadir</source>
        <translation>Days present</translation>
    </message>
</context>
<context>
    <name>Person</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="-26"/>
        <source>laki-laki</source>
        <translation>male</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>perempuan</source>
        <translation>female</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PNS</source>
        <translation>PNS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PPPK</source>
        <translation>PPPK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Non-ASN</source>
        <translation>Non-ASN</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../desktop/ui/walkin/form.py" line="+175"/>
        <location line="+11"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PersonFormController</name>
    <message>
        <location filename="../../desktop/ui/walkin/controller.py" line="+52"/>
        <source>N&amp;IP (18 digit)</source>
        <translation>N&amp;IP (18 digits)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;I PPPK (18 digit)</source>
        <translation>N&amp;I PPPK (18 digits)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;IK (16 digit, boleh kosong)</source>
        <translation>N&amp;IK (16 digits, optional)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✓ Valid. Lahir {date}, {gender}.</source>
        <translation>✓ Valid. Born {date}, {gender}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{digits} dari {expected} digit</source>
        <translation>{digits} of {expected} digits</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tamu non-ASN: NIK boleh dikosongkan.</source>
        <translation>Non-ASN guest: the NIK may be left empty.</translation>
    </message>
</context>
<context>
    <name>PersonFormView</name>
    <message>
        <location filename="../../desktop/ui/walkin/form.py" line="-100"/>
        <source>&amp;Status ASN</source>
        <translation>ASN &amp;status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>N&amp;IP / NI PPPK / NIK</source>
        <translation>N&amp;IP / NI PPPK / NIK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama &amp;lengkap dan gelar</source>
        <translation>Full &amp;name with titles</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pangkat/&amp;golongan</source>
        <translation>Rank/&amp;grade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Jabatan</source>
        <translation>&amp;Position</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Unit kerja</source>
        <translation>&amp;Work unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Instansi</source>
        <translation>&amp;Agency</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Email</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No. &amp;HP</source>
        <translation>&amp;Mobile</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>mis. Dr. H. Ahmad Yani, S.H., M.H.</source>
        <translation>e.g. Dr. H. Ahmad Yani, S.H., M.H.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ketik untuk saran dari data yang sudah ada</source>
        <translation>type for suggestions from known data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mis. III/a Penata Muda</source>
        <translation>e.g. III/a Penata Muda</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../desktop/ui/placeholder.py" line="+36"/>
        <source>Sertifikat</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sertifikat: di sini akan tampil peserta yang memenuhi syarat (hari hadir dan JP), pencetakan sertifikat bernomor dengan segel QR untuk verifikasi, dan daftar hadir per hari untuk ditandatangani.</source>
        <translation>Certificates: this screen will list the participants who qualify (days present and JP), print numbered certificates with a QR verification seal, and print the daily attendance sheet (daftar hadir) for signing.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layar ini belum tersedia di jendela. Sementara itu gunakan perintah “hadir-cli certificates”. Segel QR adalah bukti keaslian dari Hadir, bukan tanda tangan elektronik (TTE).</source>
        <translation>This screen is not in the window yet. Meanwhile use the “hadir-cli certificates” command. The QR seal proves that Hadir issued a certificate; it is not an electronic signature (TTE).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sinkronisasi: di sini akan tampil status pengiriman data ke kantor pusat (berapa catatan menunggu, kapan terakhir terkirim), pengaturan alamat server, dan ekspor/impor paket USB untuk lokasi tanpa internet.</source>
        <translation>Sync: this screen will show how records travel to headquarters (how many are waiting, when the last ones went), the server address setting, and USB bundle export/import for venues without internet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Belum diatur. Semua check-in tetap tersimpan di meja ini dan akan dikirim setelah sinkronisasi diatur; tidak ada yang hilang.</source>
        <translation>Not set up yet. Every check-in stays safely on this desk and will be sent once sync is set up; nothing is lost.</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <location filename="../../desktop/ui/settings/controller.py" line="+78"/>
        <source>Dibuka oleh admin {name}.</source>
        <translation>Opened by admin {name}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>operator</source>
        <translation>operator</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/view.py" line="+68"/>
        <source>Pengaturan meja</source>
        <translation>Desk settings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meja ini</source>
        <translation>This desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama &amp;meja</source>
        <translation>&amp;Desk name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Kantor wilayah</source>
        <translation>Regional &amp;office</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Bahasa</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operator</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama operator baru</source>
        <translation>New operator name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN (min. 4 angka)</source>
        <translation>PIN (4+ digits)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SetupController</name>
    <message>
        <location filename="../../desktop/ui/start/controller.py" line="+59"/>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Membuat data demo…</source>
        <translation>Creating demo data…</translation>
    </message>
</context>
<context>
    <name>SetupView</name>
    <message>
        <location filename="../../desktop/ui/start/view.py" line="+108"/>
        <source>Selamat datang di Hadir</source>
        <translation>Welcome to Hadir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Meja registrasi ini bekerja tanpa internet. Pilih kantor wilayah dan nama meja, lalu buat akun admin pertama. PIN admin melindungi pengaturan.</source>
        <translation>This registration desk works without internet. Choose the regional office and a desk name, then create the first admin account. The admin PIN protects the settings.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Kantor wilayah</source>
        <translation>Regional &amp;office</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nama &amp;meja</source>
        <translation>&amp;Desk name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nama &amp;admin</source>
        <translation>Admin &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PIN (minimal 4 angka)</source>
        <translation>&amp;PIN (at least 4 digits)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PIN &amp;sekali lagi</source>
        <translation>PIN &amp;again</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mis. Meja 1</source>
        <translation>e.g. Meja 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mis. Rina (koordinator)</source>
        <translation>e.g. Rina (coordinator)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simpan dan mulai</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coba dengan data demo</source>
        <translation>Try with demo data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ingin berlatih dulu? Data demo membuat acara contoh hari ini dengan 300 peserta dan admin “admin”; PIN-nya ditampilkan di layar. Data demo tidak pernah dikirim ke pusat.</source>
        <translation>Want to practise first? Demo data creates a sample event today with 300 participants and an admin “admin”, whose PIN is shown on screen. Demo data is never sent to headquarters.</translation>
    </message>
</context>
<context>
    <name>SignInController</name>
    <message>
        <location filename="../../desktop/ui/signin/controller.py" line="+34"/>
        <source>Data demo siap: {count} peserta. Masuk sebagai “{name}” dengan PIN {pin}. Catat PIN ini; ia tidak ditampilkan lagi.</source>
        <translation>Demo data ready: {count} participants. Sign in as “{name}” with PIN {pin}. Note this PIN; it is not shown again.</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../desktop/ui/signin/view.py" line="+100"/>
        <location line="+3"/>
        <source>Masuk</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>&amp;Nama operator</source>
        <translation>Operator &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PIN</source>
        <translation>&amp;PIN</translation>
    </message>
</context>
<context>
    <name>Time</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="-60"/>
        <source>{hour:02d}.{minute:02d}</source>
        <translation>{hour:02d}:{minute:02d}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Januari</source>
        <translation>January</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Februari</source>
        <translation>February</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Maret</source>
        <translation>March</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mei</source>
        <translation>May</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Juni</source>
        <translation>June</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Juli</source>
        <translation>July</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Agustus</source>
        <translation>August</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oktober</source>
        <translation>October</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Desember</source>
        <translation>December</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Senin</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Selasa</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rabu</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kamis</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Jumat</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sabtu</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minggu</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Hari {number} · {weekday}, {date}</source>
        <translation>Day {number} · {weekday}, {date}</translation>
    </message>
</context>
<context>
    <name>WalkinController</name>
    <message>
        <location filename="../../desktop/ui/walkin/controller.py" line="+70"/>
        <source>Daftar peserta baru</source>
        <translation>Register a new participant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Peserta baru untuk {event}, hari {day}. Simpan = daftar dan hadir sekaligus.</source>
        <translation>New participant for {event}, day {day}. Saving registers and checks them in at once.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Daftarkan dan hadirkan</source>
        <translation>Register and check in</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{name} sudah dikenal meja ini (dari acara lain). Periksa datanya, lalu simpan untuk mendaftarkan dan menghadirkannya.</source>
        <translation>{name} is already known to this desk (from another event). Check the details, then save to register and check them in.</translation>
    </message>
</context>
</TS>
