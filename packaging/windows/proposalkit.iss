; Inno Setup 6 script: the Windows installer for proposalkit.
;
; `python packaging\build.py` compiles it after PyInstaller when ISCC.exe is found, passing
; the version (from the package metadata) and the folders as absolute paths, e.g.
;   ISCC /DAppVersion=0.1.0 /DSourceDir=dist\proposalkit /DOutputDir=dist
;        /DOutputBase=proposalkit-0.1.0-windows-x64-setup /DIconsDir=packaging\icons
;        packaging\windows\proposalkit.iss
;
; It installs for the current user without administrator rights by default (a locked-down
; office laptop can still install it), offers an all-users install when the user can
; elevate, adds Start menu entries, and makes .pkp files open with proposalkit.
; proposalkit.exe is the windowed app; proposalkit-cli.exe beside it is the command line.
; Relative paths below are relative to this script's folder.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (python packaging\build.py does)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\proposalkit"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef OutputBase
  #define OutputBase "proposalkit-" + AppVersion + "-windows-x64-setup"
#endif
#ifndef IconsDir
  #define IconsDir "..\icons"
#endif

#define AppName "proposalkit"
#define AppExe "proposalkit.exe"
#define ProgId "proposalkit.proposal"

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6F1D3C2A-8B4E-4F7A-9C61-2E5B7A0D9F43}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=proposalkit developers
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
ChangesAssociations=yes
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBase}
SetupIconFile={#IconsDir}\proposalkit.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.DocumentName=Demande proposalkit
en.DocumentName=proposalkit proposal
fr.AssociateTask=Ouvrir les fichiers .pkp avec proposalkit
en.AssociateTask=Open .pkp files with proposalkit

[Tasks]
Name: "associate"; Description: "{cm:AssociateTask}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconsDir}\proposalkit-document.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKCU for a per-user install and HKLM for an all-users one.
Root: HKA; Subkey: "Software\Classes\.pkp"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.pkp\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.pkp"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-proposalkit"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:DocumentName}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\proposalkit-document.ico,0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pkp"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
