@echo off
rem docgen 网页工作台：双击启动，浏览器会自动打开。把一个文件夹拖到本文件上，则用那个文件夹。
chcp 65001 >nul
set "PYTHONUTF8=1"
set "WORK=%~1"
if "%WORK%"=="" set "WORK=%USERPROFILE%\Documents\创卫"
if not exist "%WORK%" mkdir "%WORK%"
py -m docgen serve "%WORK%"
if errorlevel 1 (
  echo.
  echo 工作台没有启动。若提示找不到 docgen，请先双击 windows\安装.bat。
  pause
)
