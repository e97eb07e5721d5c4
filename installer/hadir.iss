; Inno Setup script for Hadir on Windows (per-user, no administrator rights needed).
; Build on Windows after `python installer/build.py` has made dist\hadir\:
;   iscc /DAppVersion=0.1.0 installer\hadir.iss
; The CI workflow .github/workflows/windows-installer.yml does exactly this on a Windows runner.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F0C7B52-8C47-4E8E-9B0D-6A1D8E2B7C31}
AppName=Hadir
AppVersion={#AppVersion}
AppPublisher=Kementerian Hak Asasi Manusia
DefaultDirName={localappdata}\Programs\Hadir
DefaultGroupName=Hadir
PrivilegesRequired=lowest
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=hadir-{#AppVersion}-windows-setup
SetupIconFile=..\resources\icons\hadir.ico
UninstallDisplayIcon={app}\hadir.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Installing a newer version over an older one replaces the program files only. The data folder
; (%LOCALAPPDATA%\Hadir, with the database and its unsent records) is never touched by setup; the
; new version migrates the database at its first start after copying it aside.
CloseApplications=yes

[Languages]
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\hadir\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Hadir"; Filename: "{app}\hadir.exe"
Name: "{userdesktop}\Hadir"; Filename: "{app}\hadir.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\hadir.exe"; Description: "{cm:LaunchProgram,Hadir}"; Flags: nowait postinstall skipifsilent

[CustomMessages]
id.DeleteData=Hapus juga data Hadir (database peserta, kehadiran, dan cadangan) dari komputer ini?%n%nPilih "Tidak" jika data belum terkirim ke kantor pusat.
en.DeleteData=Also delete Hadir's data (participants, attendance and backups) from this computer?%n%nChoose "No" if the data has not reached headquarters yet.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { The data folder is kept unless the user explicitly asks: it may hold unsent records. }
  if CurUninstallStep = usPostUninstall then
    if MsgBox(CustomMessage('DeleteData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(ExpandConstant('{localappdata}\Hadir'), True, True, True);
end;
