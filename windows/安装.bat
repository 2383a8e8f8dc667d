@echo off
rem 安装 docgen、网页工作台和扫描件识别（OCR）（需要先从 Python 官网安装 Python 3.11 或更新版本）。
chcp 65001 >nul
set "PYTHONUTF8=1"
pushd "%~dp0.."
py -m pip install --user ".[web,ocr]"
if errorlevel 1 (
  echo 安装失败：请确认已安装 Python，并且电脑能连上 PyPI（或单位的镜像源）。
) else (
  echo 安装完成。以后双击 windows\docgen-desk.bat 即可打开网页工作台。
)
popd
pause
