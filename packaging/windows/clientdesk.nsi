; Clientdesk per-store Windows installer (NSIS 3).
;   makensis -DPAYLOAD=dist\clientdesk -DPROFILE=store.toml -DVERSION=0.1.0 -DSTORE=syd-pitt-st
;            -DOUTFILE=dist\clientdesk-syd-pitt-st-installer.exe packaging\windows\clientdesk.nsi
; Per machine (admin): the bundle in Program Files, the store profile in
; %ProgramData%\Clientdesk\store.toml (kept if IT already put one there, and on uninstall),
; Start-menu shortcut, optional desktop shortcut, an uninstaller in Apps & features.
; Silent: clientdesk-STORE-installer.exe /S (default components: no desktop shortcut), uninstall.exe /S.
; Credentials are never in the installer: each user runs `clientdesk credentials set VENDOR`.
Unicode true
!ifndef PAYLOAD
  !error "define PAYLOAD (the built dist\clientdesk folder)"
!endif
!ifndef PROFILE
  !error "define PROFILE (the store profile .toml)"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef STORE
  !define STORE "store"
!endif
!ifndef OUTFILE
  !define OUTFILE "clientdesk-${STORE}-installer.exe"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Clientdesk"

Name "Clientdesk (${STORE})"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Clientdesk"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Clientdesk"
VIAddVersionKey "FileDescription" "Clientdesk installer for store ${STORE}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "Clientdesk"
VIAddVersionKey "LegalCopyright" "Clientdesk"

!include "MUI2.nsh"
!define MUI_ICON "..\..\resources\icons\clientdesk.ico"
!define MUI_UNICON "..\..\resources\icons\clientdesk.ico"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

Section "Clientdesk" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  ; The store profile: machine-wide, where Clientdesk looks for it. An existing one (IT's
  ; local edits) is kept.
  CreateDirectory "$APPDATA\Clientdesk"
  SetOverwrite off
  SetOutPath "$APPDATA\Clientdesk"
  File "/oname=store.toml" "${PROFILE}"
  SetOverwrite on
  SetOutPath "$INSTDIR"
  CreateShortcut "$SMPROGRAMS\Clientdesk.lnk" "$INSTDIR\clientdesk-window.exe" "" \
    "$INSTDIR\clientdesk-window.exe" 0
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Clientdesk (${STORE})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Clientdesk"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\clientdesk-window.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\Clientdesk.lnk" "$INSTDIR\clientdesk-window.exe" "" \
    "$INSTDIR\clientdesk-window.exe" 0
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\Clientdesk.lnk"
  Delete "$DESKTOP\Clientdesk.lnk"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; %ProgramData%\Clientdesk\store.toml stays (IT's file), as do each user's data folder
  ; (%LOCALAPPDATA%\Clientdesk) and keyring entries: README, "Installing at a store".
SectionEnd
