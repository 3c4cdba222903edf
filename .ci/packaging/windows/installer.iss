; Inno Setup script: installs the one-folder app built by build.ps1 (Nuitka: ethics-trainer.exe,
; the console CLI, and ethics-trainer-gui.exe, the windowed app the shortcuts start) for the
; current user (no administrator rights needed on an office PC), with a Start-menu entry and an
; optional desktop icon. The fonts ship inside the folder. Data stays in %APPDATA%\ethics-trainer
; (platformdirs) and survives uninstalling.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{7B0E4C52-6E0F-4C8B-9A57-3F1A2D6C9E11}
AppName=Ethics Trainer
AppVersion={#AppVersion}
AppPublisher=Ethics Trainer developers
DefaultDirName={localappdata}\Programs\Ethics Trainer
DefaultGroupName=Ethics Trainer
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\..\dist
OutputBaseFilename=EthicsTrainer-{#AppVersion}-setup
SetupIconFile=ethics-trainer.ico
UninstallDisplayIcon={app}\ethics-trainer-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\..\dist\ethics-trainer\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Ethics Trainer — Đạo đức công vụ"; Filename: "{app}\ethics-trainer-gui.exe"; Parameters: "gui"
Name: "{group}\{cm:UninstallProgram,Ethics Trainer}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Ethics Trainer"; Filename: "{app}\ethics-trainer-gui.exe"; Parameters: "gui"; Tasks: desktopicon

[Run]
Filename: "{app}\ethics-trainer-gui.exe"; Parameters: "gui"; Description: "{cm:LaunchProgram,Ethics Trainer}"; Flags: nowait postinstall skipifsilent
