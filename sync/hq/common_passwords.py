"""Passwords too common to allow for a staff account, whatever their length (issue 19 item 4).

Written by hand for Hadir (no outside list is copied): the long passwords people actually pick
(keyboard rows, counting, "password" and its Indonesian forms, the ministry's and the program's own
words with a year or a number), since anything under 12 characters is refused by length already.
A module rather than a data file, so it ships with the package as the code does. Compared in lower
case, and again with trailing digits and punctuation taken off (``sync.hq.admin``).
"""

from __future__ import annotations

_WORDS = """
123456789012 1234567890123 12345678901234 123456789012345 1234567890qwe 1234567890abc
098765432109 0987654321qwerty 111111111111 000000000000 123123123123 121212121212
112233445566 11223344556677 147258369147 987654321098 135792468013 123451234512
qwertyuiop12 qwertyuiop123 qwertyuiopasdf qwertyuiopasdfgh qwertyuiopasdfghjkl qwerty123456
qwertyqwerty asdfghjkl123 asdfghjkl;' asdfasdfasdf zxcvbnm12345 zxcvbnmasdfgh 1qaz2wsx3edc
1qaz2wsx3edc4rfv qazwsxedcrfv qazwsxedc123 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1q2w3e4r5t6y7u8i
q1w2e3r4t5y6 a1b2c3d4e5f6 abcdefghijkl abcdefghijklm abcdefgh1234 abcabcabcabc aaaaaaaaaaaa
password1234 password12345 password123456 passwordpassword password2024 password2025
password2026 passw0rd1234 p@ssw0rd1234 p@ssword1234 mypassword123 mypassword1234
supersecret123 supersecretpassword secretpassword secret123456 changeme1234 changemenow
changeme12345 letmein12345 letmeinplease welcome12345 welcome123456 welcometothejungle
iloveyou1234 iloveyouforever iloveyou12345 iloveyoubaby loveyou12345 trustno1trustno1
administrator admin1234567 admin12345678 adminadmin123 administrator1 administrator123
rootpassword default12345 guest1234567 useruser1234 username1234 testtest1234 test12345678
football1234 baseball1234 basketball12 manchesterunited liverpoolfc1 chelseafc1234
dragon123456 monkey123456 sunshine1234 princess1234 starwars1234 superman1234 batman123456
kata-sandi-123 katasandi123 katasandi1234 katasandiku123 katasandirahasia sandi1234567
sandirahasia rahasia12345 rahasia123456 rahasiasekali rahasiakita123 rahasianegara
indonesia123 indonesia1234 indonesia2024 indonesia2025 indonesia2026 indonesiaraya
indonesiamerdeka merdeka17845 merdeka1945 17agustus1945 bhinnekatunggalika pancasila1945
pancasila123 garudaindonesia jakarta12345 jakarta2024 jakartaselatan bandung12345
surabaya1234 yogyakarta123 makassar1234 medan1234567 semarang1234 palu12345678 sulawesitengah
bismillah123 bismillah1234 bismillahirrahmanirrahim alhamdulillah alhamdulillah123
assalamualaikum insyaallah123 mashaallah123 subhanallah123 astaghfirullah
kemenham123 kemenham2026 kemenkumham123 kemenkumham2024 hakasasimanusia hakasasi1234
hadir1234567 hadirhq12345 hadir-hq-admin pusatdata1234 kantorpusat123 kantorwilayah
kanwil123456 kanwil2026 pegawainegeri aparatursipilnegara asn123456789 pnsindonesia
sayangkamu123 cintakamu1234 akucintakamu akusayangkamu selamatdatang selamatpagi123
"""

COMMON_PASSWORDS = frozenset(_WORDS.split())
